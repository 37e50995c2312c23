import { expect } from 'chai';
import type { RegistryEvent } from '../../src/fabric/ledger';
import type { IdentityRef } from '../../src/identity/credentials';
import { withParentsAsRanges } from '../../src/routes/credits';
import { type CallResult, type TestApp, call, errorOf, startTestApp, stubLedger, whoAmI } from './helpers';

const PROJECTS: Record<string, { developerAccountId: string; certifierAccountId: string }> = {
  'GHA-P-00000000A1': { developerAccountId: 'DEV-ACME', certifierAccountId: 'CERT-VVB1' },
  'GHA-P-00000000B2': { developerAccountId: 'DEV-BETA', certifierAccountId: 'CERT-VVB1' },
};
const by = (accountId: string) => ({ accountId, mspId: 'X', enrollmentId: 'someone' });
const tx = (n: number) => n.toString(16).padStart(64, '0');

/** Payloads shaped as the chaincode emits them. */
const EVENTS: RegistryEvent[] = [
  {
    eventName: 'CREDITS_ISSUED',
    payload: { ownerAccountId: 'DEV-ACME', projectId: 'GHA-P-00000000A1', blockId: 'B-1', by: by('GOV-NRA') },
  },
  {
    // Credits of ACME's project, now moving between two other companies: not ACME's business.
    eventName: 'CREDITS_TRANSFERRED',
    payload: { fromAccountId: 'DEV-BETA', toAccountId: 'DEV-GAMMA', projectId: 'GHA-P-00000000A1', by: by('DEV-BETA') },
  },
  {
    eventName: 'CREDITS_TRANSFERRED',
    payload: { fromAccountId: 'DEV-BETA', toAccountId: 'DEV-ACME', projectId: 'GHA-P-00000000B2', by: by('DEV-BETA') },
  },
  { eventName: 'ACCOUNT_CREATED', payload: { accountId: 'DEV-BETA', type: 'DEVELOPER', by: by('GOV-NRA') } },
  { eventName: 'PROJECT_AUTHORISED', payload: { projectId: 'GHA-P-00000000A1', by: by('GOV-NRA') } },
  { eventName: 'PROJECT_AUTHORISED', payload: { projectId: 'GHA-P-00000000B2', by: by('GOV-NRA') } },
  { eventName: 'SETTINGS_UPDATED', payload: { changed: ['name'], by: by('GOV-NRA') } },
  {
    eventName: 'MONITORING_REPORT_VERIFIED',
    payload: { projectId: 'GHA-P-00000000B2', reportId: 'R-2', by: by('CERT-VVB1') },
  },
  {
    eventName: 'CREDITS_RETIRED',
    payload: { ownerAccountId: 'DEV-BETA', projectId: 'GHA-P-00000000B2', by: by('DEV-BETA') },
  },
  {
    eventName: 'IDENTITY_BOUND',
    payload: { accountId: 'DEV-ACME', mspId: 'DeveloperMSP', enrollmentId: 'x', role: 'VIEWER', by: by('DEV-ACME') },
  },
  { eventName: 'SOMETHING_NEW', payload: { accountId: 'DEV-ACME' } },
].map((event, i) => ({ blockNumber: 10 + i, txId: tx(i), ...event }));

function setup(): Promise<TestApp> {
  const ledger = stubLedger();
  ledger.evaluate.callsFake((actor: IdentityRef, contract: string, transaction: string, arg?: unknown) => {
    if (`${contract}:${transaction}` === 'accounts:WhoAmI') return Promise.resolve(whoAmI(actor));
    if (`${contract}:${transaction}` === 'projects:GetProject') {
      const { projectId } = arg as { projectId: string };
      return Promise.resolve({ id: projectId, ...PROJECTS[projectId] });
    }
    return Promise.reject(new Error(`unexpected ${contract}:${transaction}`));
  });
  ledger.events.callsFake(() =>
    Promise.resolve({
      close: () => undefined,
      async *[Symbol.asyncIterator]() {
        await Promise.resolve();
        yield* EVENTS;
      },
    }),
  );
  ledger.chainInfo.resolves({ height: 30, currentBlockHash: 'aa', previousBlockHash: 'bb' });
  return startTestApp({ ledger });
}

async function addCertifier(app: TestApp): Promise<string> {
  const { apiKey } = await app.users.create({
    name: 'cert-admin',
    mspId: 'CertifierMSP',
    enrollmentId: 'cert-admin',
    accountId: 'CERT-VVB1',
    role: 'ADMIN',
  });
  return apiKey;
}

/** The `event:` names and `data:` payloads of a finished SSE response. */
function eventsOf(result: CallResult): { name: string; data: RegistryEvent }[] {
  return result.text
    .split('\n\n')
    .map((message) => message.split('\n'))
    .filter((lines) => lines.some((line) => line.startsWith('event: ')))
    .map((lines) => ({
      name: (lines.find((line) => line.startsWith('event: ')) ?? '').slice('event: '.length),
      data: JSON.parse((lines.find((line) => line.startsWith('data: ')) ?? '').slice('data: '.length)) as RegistryEvent,
    }));
}

describe('who may read the raw ledger and the event stream', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await setup();
  });
  afterEach(async () => {
    await app.cleanup();
  });

  describe('raw ledger views (/v1/ledger/*)', () => {
    for (const target of ['/v1/ledger', '/v1/ledger/blocks/3', `/v1/ledger/transactions/${tx(7)}`]) {
      it(`GET ${target} is 403 FORBIDDEN for developer and certifier users, before any qscc call`, async () => {
        const certKey = await addCertifier(app);
        for (const key of [app.keys['dev-admin']!, app.keys['dev-viewer']!, certKey]) {
          const result = await call(app, 'GET', target, { key });
          expect(result.status, result.text).to.equal(403);
          expect(errorOf(result).code).to.equal('FORBIDDEN');
        }
        expect(app.ledger.chainInfo.called).to.equal(false);
        expect(app.ledger.block.called).to.equal(false);
        expect(app.ledger.transaction.called).to.equal(false);
      });
    }

    it('GET /v1/ledger answers government users', async () => {
      const result = await call(app, 'GET', '/v1/ledger', { key: app.keys['gov-admin']! });
      expect(result.status, result.text).to.equal(200);
      expect((result.body as { height: number }).height).to.equal(30);
    });

    it('is 403 for a user whose identity is not bound to an active account', async () => {
      const { apiKey } = await app.users.create({
        name: 'ghost',
        mspId: 'GovernmentMSP',
        enrollmentId: 'ghost',
        accountId: 'GOV-NRA',
        role: 'VIEWER',
      });
      const result = await call(app, 'GET', '/v1/ledger', { key: apiKey });
      expect(result.status).to.equal(403);
      expect(app.ledger.chainInfo.called).to.equal(false);
    });
  });

  describe('event stream (/v1/events)', () => {
    it('a government user receives every event', async () => {
      const result = await call(app, 'GET', '/v1/events?fromBlock=0', { key: app.keys['gov-admin']! });
      expect(result.status).to.equal(200);
      expect(eventsOf(result).map((e) => e.data.txId)).to.deep.equal(EVENTS.map((e) => e.txId));
    });

    it('a developer receives only events about its own account: its holdings, its projects, its identities', async () => {
      const result = await call(app, 'GET', '/v1/events?fromBlock=0', { key: app.keys['dev-viewer']! });
      expect(result.status).to.equal(200);
      const received = eventsOf(result).map((e) => e.data.txId);
      expect(received).to.deep.equal([tx(0), tx(2), tx(4), tx(9)]);
      expect(result.text).not.to.include('DEV-GAMMA');
    });

    it('a certifier receives events of the projects it is assigned to, never holdings', async () => {
      const certKey = await addCertifier(app);
      const result = await call(app, 'GET', '/v1/events?fromBlock=0', { key: certKey });
      expect(eventsOf(result).map((e) => e.data.txId)).to.deep.equal([tx(4), tx(5), tx(7)]);
    });

    it('looks each project up once per stream', async () => {
      await call(app, 'GET', '/v1/events?fromBlock=0', { key: app.keys['dev-admin']! });
      const lookups = app.ledger.evaluate
        .getCalls()
        .filter((c) => c.args[2] === 'GetProject')
        .map((c) => (c.args[3] as { projectId: string }).projectId);
      expect(lookups.sort()).to.deep.equal(['GHA-P-00000000A1', 'GHA-P-00000000B2']);
    });
  });

  describe('serial lineage (/v1/serials/:serial)', () => {
    const held = {
      id: 'B-0A1B2C3D4E5F6A7B-1',
      ownerAccountId: 'DEV-ACME',
      parentBlockId: 'B-0A1B2C3D4E5F6A7B-0',
      serialStart: 101,
      serialEnd: 300,
      quantity: 200,
      status: 'HELD',
    };
    const parent = {
      id: 'B-0A1B2C3D4E5F6A7B-0',
      ownerAccountId: 'DEV-BETA',
      serialStart: 1,
      serialEnd: 100,
      quantity: 100,
      status: 'HELD',
      frozen: true,
      freezeReason: 'under investigation',
    };

    beforeEach(() => {
      app.ledger.evaluate.callsFake((_actor: IdentityRef, contract: string, transaction: string) =>
        `${contract}:${transaction}` === 'credits:LookupSerial'
          ? Promise.resolve({
              serial: 150,
              block: held,
              lineage: [
                { block: held, history: [{ txId: tx(1), value: held }], historyTruncated: false },
                { block: parent, history: [{ txId: tx(0), value: parent }], historyTruncated: false },
              ],
              lineageTruncated: false,
            })
          : Promise.reject(new Error(`unexpected ${contract}:${transaction}`)),
      );
    });

    it('returns the held block in full and each parent as its ID and serial range only', async () => {
      const result = await call(app, 'GET', '/v1/serials/150', { key: app.keys['dev-admin']! });
      expect(result.status, result.text).to.equal(200);
      const body = result.body as { block: unknown; lineage: { block: unknown; history?: unknown }[] };
      expect(body.block).to.deep.equal(held);
      expect(body.lineage[0]).to.deep.equal({
        block: held,
        history: [{ txId: tx(1), value: held }],
        historyTruncated: false,
      });
      expect(body.lineage[1]).to.deep.equal({ block: { id: parent.id, serialStart: 1, serialEnd: 100 } });
      expect(result.text).not.to.include('DEV-BETA');
      expect(result.text).not.to.include('under investigation');
    });

    it('leaves out a parent whose shape it does not recognise rather than pass it through', () => {
      const projected = withParentsAsRanges({
        serial: 150,
        lineage: [{ block: held, history: [] }, { block: { ownerAccountId: 'DEV-BETA', quantity: 100 } }],
      });
      expect(projected).to.deep.equal({ serial: 150, lineage: [{ block: held, history: [] }] });
    });
  });
});
