import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { readSheet } from 'read-excel-file/node';
import { api, doc, projectBody, readModelPast, write } from './support';

/*
 * A year of activity scripted through REST on the real network (several projects, authorisations with different
 * purposes, issuances across vintages, split transfers, retirements with each purpose, a cancellation), then the
 * AEF for the current ledger year checked row by row and cell by cell for this run's authorisations. Expected
 * rows are written here from the script and the ledger's answers (serials, timestamps, txIds), never by calling
 * the report code. The ledger clock is real time, so both sides of 31 December are covered by the unit test
 * (gateway-api/test/unit/aef.spec.ts), not here.
 */

interface Block {
  id: string;
  serialStart: number;
  serialEnd: number;
  quantity: number;
  vintage: number;
  createdAt: string;
  updatedAt: string;
}
interface Outcome {
  moved: Block;
  kept?: Block;
  txId: string;
  blockNumber: number;
}

const CA = 'CA0900';
const ENTITY = 'AE-BETA-FORESTRY';

describe('AEF on the real network: a scripted year through REST, Tables 2 to 4 row by row', function () {
  this.timeout(300_000);
  const run = randomBytes(3).toString('hex').toUpperCase();
  const auth = { ndc: `IT-${run}-NDC`, iss: `IT-${run}-ISS`, use: `IT-${run}-USE`, dom: `IT-${run}-DOM` };
  const mine = new Set(Object.values(auth));
  const expected3: (string | number)[][] = [];
  const held: { block: Block; auth: string }[] = [];
  const authDates = new Map<string, string>();
  const projectOf = new Map<string, string>();
  let lastBlock = 0;
  let year = 0;

  const row3 = (
    o: { at: string; txId: string; block: Block; project: string; auth: string },
    type: string,
    subtype: string,
    gwp: string,
    purpose: string,
    usingParty: string,
    entity: string,
    ndcYear: number | 'NA',
  ): (string | number)[] => [
    o.at.slice(0, 10),
    type,
    subtype,
    CA,
    o.auth,
    'GHA',
    'GHA01',
    o.block.serialStart,
    o.block.serialEnd,
    'NA',
    'NA',
    'NA',
    'GHG',
    gwp,
    'NA',
    o.block.quantity,
    'NA',
    'Emission reductions',
    o.block.vintage,
    'NA',
    'NA',
    purpose,
    usingParty,
    entity,
    ndcYear,
    '',
    `Project ${o.project}; registry transaction ${o.txId}`,
  ];

  async function authorisedProject(label: string, authorisation: Record<string, unknown>): Promise<string> {
    const project = await write(
      '/v1/projects',
      'developer-admin',
      projectBody(`AEF ${label} ${run}`, `pdd-${label}-${run}`, {
        methodology: 'AMS-I.D',
        location: { country: 'GHA', region: 'Volta' },
      }),
    );
    const id = project.id as string;
    await write(`/v1/projects/${id}/validation`, 'certifier-admin', { approved: true, report: doc('val') });
    const authorised = await write(`/v1/projects/${id}/authorisation`, 'gov-admin', {
      approved: true,
      ...authorisation,
    });
    const a = authorised.authorisation as { authorisationId: string; date: string };
    authDates.set(a.authorisationId, a.date);
    projectOf.set(a.authorisationId, id);
    return id;
  }

  async function issue(projectId: string, vintage: number, quantity: number): Promise<Block & { txId: string }> {
    const report = await write(`/v1/projects/${projectId}/monitoring-reports`, 'developer-admin', {
      periodStart: `${vintage}-01-01`,
      periodEnd: `${vintage}-12-31`,
      vintage,
      claimedReductions: quantity,
      document: doc('mr'),
    });
    await write(`/v1/monitoring-reports/${report.id as string}/verification`, 'certifier-admin', {
      approved: true,
      verifiedReductions: quantity,
      report: doc('ver'),
    });
    const block = (await write(
      `/v1/monitoring-reports/${report.id as string}/issuance`,
      'gov-admin',
    )) as unknown as Block & {
      txId: string;
      blockNumber: number;
    };
    lastBlock = Math.max(lastBlock, block.blockNumber);
    return block;
  }

  async function move(pathname: string, as: string, body: Record<string, unknown>): Promise<Outcome> {
    const outcome = (await write(pathname, as, body)) as unknown as Outcome;
    lastBlock = Math.max(lastBlock, outcome.blockNumber);
    return outcome;
  }

  before(async () => {
    // The test's cooperative approach and authorised entity (add/edit only settings: added once, kept).
    const settings = (await api('GET', '/v1/settings', 'auditor')).body as {
      cooperativeApproaches: { id: string; partnerParties: string[] }[];
      authorisedEntities: { id: string }[];
    };
    if (!settings.cooperativeApproaches.some((c) => c.id === CA)) {
      await write('/v1/settings', 'gov-admin', {
        cooperativeApproaches: [...settings.cooperativeApproaches, { id: CA, partnerParties: ['SGP'] }],
      });
    }
    if (!settings.authorisedEntities.some((e) => e.id === ENTITY)) {
      await write('/v1/settings', 'gov-admin', {
        authorisedEntities: [
          ...settings.authorisedEntities,
          {
            id: ENTITY,
            name: 'Beta Forestry Co',
            country: 'GHA',
            identificationNumber: 'GH-CS-2002',
            authorisationDate: '2026-01-15',
            cooperativeApproachId: CA,
            accountId: 'DEV-BETA',
          },
        ],
      });
    }
  });

  // The scripted year every test reads: four projects, issuances across vintages, split transfers, each retirement
  // purpose, a cancellation.
  before(async () => {
    const pNdc = await authorisedProject('ndc', {
      authorisationId: auth.ndc,
      purposes: 'NDC',
      cooperativeApproachId: CA,
      authorisedQuantity: 5000,
      timeframe: '2024 - 2030',
    });
    const pIss = await authorisedProject('iss', {
      authorisationId: auth.iss,
      purposes: 'NDC and OIMP',
      cooperativeApproachId: CA,
      firstTransferDefinition: 'Issuance',
    });
    await write(`/v1/authorisations/${auth.iss}/details`, 'gov-admin', {
      version: '2.0',
      gwpValues: 'AR6',
      authorisedParties: ['JPN'],
      authorisedEntityIds: [ENTITY],
      termsAndConditions: 'Corresponding adjustment at first transfer',
    });
    const pUse = await authorisedProject('use', {
      authorisationId: auth.use,
      purposes: 'OP',
      cooperativeApproachId: CA,
      firstTransferDefinition: 'Use or Cancellation',
    });
    const pDom = await authorisedProject('dom', { authorisationId: auth.dom, purposes: 'NDC' });

    const ref = (b: Block & { txId: string }, project: string, a: string) => ({
      at: b.createdAt,
      txId: b.txId,
      block: b,
      project,
      auth: a,
    });
    const ndc24 = await issue(pNdc, 2024, 1000);
    expected3.push(row3(ref(ndc24, pNdc, auth.ndc), 'Authorization', 'NA', 'AR5', 'NA', 'NA', 'NA', 'NA'));
    const ndc25 = await issue(pNdc, 2025, 500);
    expected3.push(row3(ref(ndc25, pNdc, auth.ndc), 'Authorization', 'NA', 'AR5', 'NA', 'NA', 'NA', 'NA'));
    const iss = await issue(pIss, 2024, 800);
    expected3.push(row3(ref(iss, pIss, auth.iss), 'Authorization', 'NA', 'AR6', 'NA', 'NA', 'NA', 'NA'));
    expected3.push(row3(ref(iss, pIss, auth.iss), 'First transfer', 'Issuance', 'AR6', 'NA', 'NA', 'NA', 'NA'));
    const use = await issue(pUse, 2025, 600);
    expected3.push(row3(ref(use, pUse, auth.use), 'Authorization', 'NA', 'AR5', 'NA', 'NA', 'NA', 'NA'));
    const dom = await issue(pDom, 2025, 300); // never authorised for Article 6 (no cooperative approach): no rows

    // split transfer to DEV-BETA (domestic: no row), then DEV-BETA (an authorised entity) uses it towards the NDC
    const t1 = await move('/v1/transfers', 'developer-admin', {
      blockId: ndc24.id,
      quantity: 300,
      toAccountId: 'DEV-BETA',
    });
    const r1 = await move('/v1/retirements', 'developer2-admin', {
      blockId: t1.moved.id,
      quantity: 300,
      beneficiary: 'Ghana NDC',
      purpose: 'NDC',
    });
    const at = (o: Outcome) => o.moved.updatedAt;
    year = Number(at(r1).slice(0, 4));
    expected3.push(
      row3(
        { at: at(r1), txId: r1.txId, block: r1.moved, project: pNdc, auth: auth.ndc },
        'Use',
        'NA',
        'AR5',
        'NDC',
        'GHA',
        ENTITY,
        year,
      ),
    );
    // government cancellation (split)
    const c1 = await move('/v1/cancellations', 'gov-admin', {
      blockId: ndc25.id,
      quantity: 50,
      reason: 'double claim',
    });
    expected3.push(
      row3(
        { at: at(c1), txId: c1.txId, block: c1.moved, project: pNdc, auth: auth.ndc },
        'Cancellation',
        'Other cancellations',
        'AR5',
        'NA',
        'GHA',
        'NA',
        'NA',
      ),
    );
    // split transfer, then a voluntary cancellation of part of the received block (split again)
    const t2 = await move('/v1/transfers', 'developer-admin', {
      blockId: iss.id,
      quantity: 400,
      toAccountId: 'DEV-BETA',
    });
    const r2 = await move('/v1/retirements', 'developer2-admin', {
      blockId: t2.moved.id,
      quantity: 100,
      beneficiary: 'Beta Forestry Co',
      purpose: 'VOLUNTARY',
    });
    expected3.push(
      row3(
        { at: at(r2), txId: r2.txId, block: r2.moved, project: pIss, auth: auth.iss },
        'Voluntary Cancellation',
        'NA',
        'AR6',
        'NA',
        'GHA',
        ENTITY,
        'NA',
      ),
    );
    // use for OIMP (other purposes) under "Use or Cancellation": the first transfer happens now
    const r3 = await move('/v1/retirements', 'developer-admin', {
      blockId: use.id,
      quantity: 100,
      beneficiary: 'Airline X (CORSIA)',
      purpose: 'OIMP',
    });
    const r3ref = { at: at(r3), txId: r3.txId, block: r3.moved, project: pUse, auth: auth.use };
    expected3.push(row3(r3ref, 'First transfer', 'Use or cancellation', 'AR5', 'OP', 'NA', 'NA', 'NA'));
    expected3.push(row3(r3ref, 'Use', 'NA', 'AR5', 'OP', 'GHA', 'NA', 'NA'));
    // domestic units: split transfer and retirement, no AEF rows
    const t3 = await move('/v1/transfers', 'developer-admin', {
      blockId: dom.id,
      quantity: 100,
      toAccountId: 'DEV-BETA',
    });
    await move('/v1/retirements', 'developer2-admin', {
      blockId: t3.moved.id,
      quantity: 50,
      beneficiary: 'x',
      purpose: 'VOLUNTARY',
    });

    // What stays held (ITMO blocks only): the kept parts of every split
    const kept = (o: Outcome, a: string): void => {
      if (o.kept === undefined) throw new Error(`${o.txId} did not split`);
      held.push({ block: o.kept, auth: a });
    };
    kept(t1, auth.ndc);
    kept(c1, auth.ndc);
    kept(t2, auth.iss);
    kept(r2, auth.iss);
    kept(r3, auth.use);
    held.sort((a, b) => a.block.serialStart - b.block.serialStart);
    // Every report below reads the read model: it must have projected the script's last block.
    await readModelPast(lastBlock);
  });

  it('the scripted year (four projects, issuances across vintages, split transfers, each retirement purpose, a cancellation) leaves the kept part of every split held', () => {
    expect(held.map((h) => h.block.quantity).sort((a, b) => a - b)).to.deep.equal([300, 400, 450, 500, 700]);
  });

  it('the AEF (JSON) for the ledger year has exactly the expected Table 2, 3 and 4 rows for this run', async () => {
    // Table 2 is ordered by date, then authorization ID; Table 3 in ledger order; Table 4 by first serial.
    const reply = await api('GET', `/v1/reports/aef?year=${year}&format=json`, 'auditor');
    expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
    expect(reply.body.blockHeight).to.be.greaterThan(lastBlock);
    const sheets = reply.body.sheets as { sheet: string; columns: string[]; rows: (string | number)[][] }[];
    const sheet = (name: string) => {
      const found = sheets.find((s) => s.sheet === name);
      if (found === undefined) throw new Error(`no sheet ${name}`);
      return found;
    };
    const mineOnly = (rows: (string | number)[][], column: number) => rows.filter((r) => mine.has(String(r[column])));

    expect(mineOnly(sheet('Table 2 Authorizations').rows, 0)).to.deep.equal([
      [
        auth.iss,
        authDates.get(auth.iss),
        CA,
        '2.0',
        'NA',
        'GHG',
        'AR6',
        'NA',
        'Energy generation',
        'Solar',
        'NDC and OIMP',
        'JPN',
        ENTITY,
        'OIMP',
        'NA',
        'Corresponding adjustment at first transfer',
        '',
        'Issuance',
        `Projects: ${projectOf.get(auth.iss)}`,
      ],
      [
        auth.ndc,
        authDates.get(auth.ndc),
        CA,
        '1.0',
        5000,
        'GHG',
        'AR5',
        'NA',
        'Energy generation',
        'Solar',
        'NDC',
        'SGP',
        'NA',
        'NA',
        '2024 - 2030',
        'NA',
        '',
        'NA',
        `Projects: ${projectOf.get(auth.ndc)}`,
      ],
      [
        auth.use,
        authDates.get(auth.use),
        CA,
        '1.0',
        'NA',
        'GHG',
        'AR5',
        'NA',
        'Energy generation',
        'Solar',
        'OP',
        'SGP',
        'NA',
        'OP',
        'NA',
        'NA',
        '',
        'Use or Cancellation',
        `Projects: ${projectOf.get(auth.use)}`,
      ],
    ]);
    expect(mineOnly(sheet('Table 3 Actions').rows, 4)).to.deep.equal(expected3);
    expect(mineOnly(sheet('Table 4 Holdings').rows, 1)).to.deep.equal(
      held.map(({ block: b, auth: a }) => [
        CA,
        a,
        'GHA',
        'GHA01',
        b.serialStart,
        b.serialEnd,
        'NA',
        'NA',
        'NA',
        'GHG',
        a === auth.iss ? 'AR6' : 'AR5',
        'NA',
        b.quantity,
        'NA',
        'Emission reductions',
        b.vintage,
      ]),
    );
  });

  it('the workbook opens in a second reader with the AEF sheets and headers; CSV per table; height header', async () => {
    const xlsx = await api('GET', `/v1/reports/aef?year=${year}`, 'gov-admin');
    expect(xlsx.status).to.equal(200);
    expect(xlsx.headers.get('content-type')).to.contain('spreadsheetml');
    expect(Number(xlsx.headers.get('x-ledger-block-height'))).to.be.greaterThan(lastBlock);
    const table2 = await readSheet(xlsx.bytes, 'Table 2 Authorizations');
    expect(table2[0]?.slice(0, 4)).to.deep.equal([
      'Authorization ID',
      'Date of authorization',
      'Cooperative approach ID',
      'Version of the authorization',
    ]);
    const table5 = await readSheet(xlsx.bytes, 'Table 5 Auth. entities');
    expect(table5[0]).to.deep.equal([
      'Date of the authorization',
      'Name',
      'Country of incorporation',
      'Identification number',
      'Cooperative approach ID',
      'Conditions',
      'Change and revocation conditions',
      'Additional explanatory information',
    ]);
    expect(table5.some((r) => r[1] === 'Beta Forestry Co')).to.equal(true);
    const csv = await api('GET', `/v1/reports/aef?year=${year}&format=csv&table=4`, 'auditor');
    expect(csv.status).to.equal(200);
    expect(csv.bytes.toString('utf8').split('\r\n')[0]).to.match(/^Cooperative approach ID,Authorization ID,/);
  });

  it('refuses developers and certifiers (403), and a CSV without a table (400)', async () => {
    expect((await api('GET', `/v1/reports/aef?year=${year}`, 'developer-admin')).status).to.equal(403);
    expect((await api('GET', `/v1/reports/aef?year=${year}`, 'certifier-admin')).status).to.equal(403);
    const csv = await api('GET', `/v1/reports/aef?year=${year}&format=csv`, 'auditor');
    expect(csv.status).to.equal(400);
    expect((csv.body.error as { code: string }).code).to.equal('VALIDATION');
  });
});
