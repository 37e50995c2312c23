import { randomBytes, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { EndorseError, type Contract, type Proposal, type Transaction } from '@hyperledger/fabric-gateway';
import { peer } from '@hyperledger/fabric-protos';
import { setQuiet } from '../../src/lib/log';
import { waitFor } from '../../src/lib/processes';
import { startNetwork } from '../../src/commands/start';
import { enroll, register } from '../../src/network/identities';
import {
  chainHeight,
  committedTransaction,
  connectAs,
  connectAsAdmin,
  network,
  type Connection,
} from '../../src/network/client';
import { loadTopology, type OrgConfig } from '../../src/network/topology';

/**
 * The chaincode's own defences, exercised on the real network with identities enrolled from the real CAs and
 * transactions sent straight to the peers through fabric-gateway (no REST gateway in between): a certificate whose
 * subject was crafted to read as another user, and endorsements by two organisations that a key-level policy
 * does not allow.
 */

const utf8 = new TextDecoder();

function orgOf(mspId: string): OrgConfig {
  const org = loadTopology().orgs.find((o) => o.mspId === mspId);
  if (org === undefined) throw new Error(`${mspId} is not in the topology`);
  return org;
}

/**
 * Registers a client identity at the organisation's CA (as its registrar) and enrolls it with fabric-ca-client,
 * passing `enrollArgs` (e.g. a CSR serial number) to the enrollment.
 */
async function enrollClient(
  mspId: string,
  enrollmentId: string,
  enrollArgs: string[] = [],
): Promise<{ certificate: Buffer; privateKey: Buffer }> {
  const org = orgOf(mspId);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-enroll-'));
  try {
    const secret = randomBytes(12).toString('hex');
    await register(org, enrollmentId, secret, 'client');
    const msp = path.join(home, 'msp');
    await enroll(org, enrollmentId, secret, msp, false, enrollArgs);
    const only = (dir: string): Buffer => {
      const [file] = fs.readdirSync(path.join(msp, dir));
      if (file === undefined) throw new Error(`no file in ${dir}`);
      return fs.readFileSync(path.join(msp, dir, file));
    };
    return { certificate: only('signcerts'), privateKey: only('keystore') };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

const contract = (connection: Connection, name: string): Contract =>
  connection.gateway.getNetwork(network().channel).getContract(network().chaincode, name);

async function submit<T = Record<string, unknown>>(
  connection: Connection,
  name: string,
  fn: string,
  arg: unknown,
): Promise<T> {
  return JSON.parse(utf8.decode(await contract(connection, name).submitTransaction(fn, JSON.stringify(arg)))) as T;
}

/**
 * Submits as `connection`, then waits (at most 10 s) until the peers of `readers` hold the block the transaction
 * committed in: a commit status comes from the submitting organisation's peer alone, and the other peers commit the
 * same block a little later, so the next organisation's transaction must not be endorsed before that.
 */
async function submitSeenBy<T>(
  connection: Connection,
  readers: readonly Connection[],
  name: string,
  fn: string,
  arg: unknown,
): Promise<T> {
  const commit = await contract(connection, name).submitAsync(fn, { arguments: [JSON.stringify(arg)] });
  const status = await commit.getStatus();
  if (!status.successful) throw new Error(`${fn} ${commit.getTransactionId()} failed: validation code ${status.code}`);
  await waitFor(
    `the reading peers to commit block ${status.blockNumber}`,
    async () => {
      const heights = await Promise.all(readers.map((reader) => chainHeight(reader.gateway)));
      return heights.every((height) => height > Number(status.blockNumber));
    },
    { timeoutMs: 10_000, intervalMs: 50 },
  );
  return JSON.parse(utf8.decode(commit.getResult())) as T;
}

/** The registry error code a peer answered a refused proposal with (the message of each endorsement error). */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    const details = (err as { details?: { message: string }[] }).details ?? [];
    const text = [String(err), ...details.map((d) => d.message)].join(' | ');
    return /\b(FORBIDDEN|VALIDATION|NOT_FOUND|INVALID_STATE|CONFLICT): /.exec(text)?.[1] ?? text;
  }
  throw new Error('the transaction was accepted');
}

/** Endorses with exactly the peers of `organisations`, submits, and returns the committed validation code. */
/**
 * Endorses, again after 500 ms while the peers refuse with ABORTED (at most 10 tries): on a network just started, the
 * submitting peer's view of the other organisations' peers can still be incomplete. What these tests check is the
 * validation at commit, so a late endorsement changes nothing they assert; the last failure names each peer's answer.
 */
async function endorseRetrying(proposal: Proposal): Promise<Transaction> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await proposal.endorse();
    } catch (err) {
      if (!(err instanceof EndorseError) || attempt >= 10) {
        const details = err instanceof EndorseError ? err.details.map((d) => `${d.address}: ${d.message}`) : [];
        throw new Error(`endorsement failed after ${attempt} tries: ${String(err)} ${details.join('; ')}`, {
          cause: err,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function commitEndorsedBy(
  connection: Connection,
  name: string,
  fn: string,
  arg: unknown,
  organisations: string[],
): Promise<{ code: number; txId: string }> {
  const proposal = contract(connection, name).newProposal(fn, {
    arguments: [JSON.stringify(arg)],
    endorsingOrganizations: organisations,
  });
  const transaction = await endorseRetrying(proposal);
  const commit = await transaction.submit();
  const status = await commit.getStatus();
  return { code: status.code, txId: commit.getTransactionId() };
}

/** A fixture step that runs when a hook or test first needs it, then answers the same result. */
function once<T>(step: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= step());
}

const doc = (label: string): { uri: string; sha256: string } => ({
  uri: `https://docs.example.org/${label}.pdf`,
  sha256: randomBytes(32).toString('hex'),
});

describe('chaincode defences on the real network (identities from the real CAs, straight to the peers)', function () {
  this.timeout(300_000);
  const runId = randomBytes(3).toString('hex');
  const RUN = runId.toUpperCase();
  const ids = {
    certifier: `sec-cert-${runId}`,
    developer: `sec-dev-${runId}`,
    mallory: `sec-mallory-${runId}`,
  };
  const accounts = { certifier: `CER-SEC-${RUN}`, developer: `DEV-SEC-${RUN}`, other: `DEV-SEC2-${RUN}` };
  /** A RegisterProject input assigned to this suite's certifier. */
  const projectInput = (title: string, estimatedAnnualReductions: number, pddLabel: string) => ({
    title,
    sector: 'Energy generation',
    activityType: 'Solar',
    methodology: 'AMS-I.L',
    location: { country: 'GHA', region: 'Northern' },
    creditingPeriod: { start: '2024-01-01', end: '2033-12-31' },
    estimatedAnnualReductions,
    certifierAccountId: accounts.certifier,
    documents: [{ type: 'PDD', ...doc(pddLabel) }],
  });
  const connections: Connection[] = [];
  let government: Connection;
  let certifier: Connection;
  let developer: Connection;
  let mallory: Connection;
  let mallorysCertificate: Buffer;
  let projectId: string;
  let reportId: string;
  const verificationReport = doc('verification');
  const verification = () => ({ reportId, approved: true, verifiedReductions: 900, report: verificationReport });
  /**
   * The report verified by the assigned certifier and issued by the government, endorsed as the peer Gateway plans
   * it: once, when a hook or test first needs the developer's issued block.
   */
  const issued = once(async () => {
    const verified = await submitSeenBy<{ status: string }>(
      certifier,
      [government],
      'monitoring',
      'VerifyMonitoringReport',
      verification(),
    );
    // the tests endorse with the certifier's and the developer's peers next
    const block = await submitSeenBy<{ id: string; quantity: number }>(
      government,
      [certifier, developer],
      'monitoring',
      'IssueCredits',
      { reportId },
    );
    return { verified, block };
  });

  before(async () => {
    setQuiet(true);
    await startNetwork(); // reuses a running network, starts one otherwise
    const [cert, dev, forged] = await Promise.all([
      enrollClient('CertifierMSP', ids.certifier),
      enrollClient('DeveloperMSP', ids.developer),
      // what Fabric CA copies into the subject after the CN: read as text, ".../CN=<mallory>/=x\/y/CN=<developer>"
      enrollClient('DeveloperMSP', ids.mallory, ['--csr.serialnumber', `x/y/CN=${ids.developer}`]),
    ]);
    mallorysCertificate = forged.certificate;
    government = connectAsAdmin('GovernmentMSP');
    certifier = connectAs('CertifierMSP', cert);
    developer = connectAs('DeveloperMSP', dev);
    mallory = connectAs('DeveloperMSP', forged);
    connections.push(government, certifier, developer, mallory);

    const account = (id: string, type: string, admin: { mspId: string; enrollmentId: string }) =>
      submit(government, 'accounts', 'CreateAccount', { id, name: `${id} Ltd`, type, country: 'GHA', admin });
    await account(accounts.certifier, 'CERTIFIER', { mspId: 'CertifierMSP', enrollmentId: ids.certifier });
    await account(accounts.developer, 'DEVELOPER', { mspId: 'DeveloperMSP', enrollmentId: ids.developer });
    await account(accounts.other, 'DEVELOPER', { mspId: 'DeveloperMSP', enrollmentId: `sec-dev2-${runId}` });

    const project = await submit<{ id: string }>(
      developer,
      'projects',
      'RegisterProject',
      projectInput(`Security check ${runId}`, 10_000, 'pdd'),
    );
    await submit(certifier, 'projects', 'ValidateProject', {
      projectId: project.id,
      approved: true,
      report: doc('validation'),
    });
    await submit(government, 'projects', 'AuthoriseProject', {
      projectId: project.id,
      approved: true,
      authorisationId: `SEC-${RUN}`,
      purposes: 'NDC',
    });
    projectId = project.id;
    const report = await submit<{ id: string }>(developer, 'monitoring', 'SubmitMonitoringReport', {
      projectId: project.id,
      periodStart: '2024-01-01',
      periodEnd: '2024-12-31',
      vintage: 2024,
      claimedReductions: 1000,
      document: doc('monitoring'),
    });
    reportId = report.id;
  });

  after(() => {
    for (const connection of connections) connection.close();
  });

  describe('key-level endorsement', () => {
    it('rejects at commit a verification endorsed only by Government and Developer peers (ENDORSEMENT_POLICY_FAILURE)', async () => {
      const forged = await commitEndorsedBy(certifier, 'monitoring', 'VerifyMonitoringReport', verification(), [
        'GovernmentMSP',
        'DeveloperMSP',
      ]);
      expect(forged.code).to.equal(peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
      const onLedger = await committedTransaction(government.gateway, forged.txId);
      expect([...onLedger.endorserMspIds].sort()).to.deep.equal(['DeveloperMSP', 'GovernmentMSP']);
      const still = JSON.parse(
        utf8.decode(
          await contract(government, 'monitoring').evaluateTransaction(
            'GetMonitoringReport',
            JSON.stringify({ reportId }),
          ),
        ),
      ) as { status: string };
      expect(still.status).to.equal('SUBMITTED');

      // the same verification, endorsed as the gateway plans it, commits; so does the issuance that follows
      const { verified, block } = await issued();
      expect(verified.status).to.equal('VERIFIED');
      expect(block.quantity).to.equal(900);
    });

    describe("the developer's issued block", () => {
      let blockId: string;

      before(async () => {
        blockId = (await issued()).block.id;
      });

      it("rejects at commit a transfer of a developer's block endorsed only by Government and Certifier peers", async () => {
        const transfer = { blockId, quantity: 100, toAccountId: accounts.other };
        const forged = await commitEndorsedBy(developer, 'credits', 'Transfer', transfer, [
          'GovernmentMSP',
          'CertifierMSP',
        ]);
        expect(forged.code).to.equal(peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
        const block = JSON.parse(
          utf8.decode(
            await contract(government, 'credits').evaluateTransaction('GetBlock', JSON.stringify({ blockId })),
          ),
        ) as { quantity: number; ownerAccountId: string };
        expect(block).to.include({ quantity: 900, ownerAccountId: accounts.developer });

        // endorsed as the gateway plans it, the owner's transfer and a government cancellation commit
        const moved = await submit<{ moved: { ownerAccountId: string } }>(developer, 'credits', 'Transfer', transfer);
        expect(moved.moved.ownerAccountId).to.equal(accounts.other);
        await submit(government, 'credits', 'Cancel', { blockId, quantity: 50, reason: 'security check' });
      });
    });
  });

  describe('a certificate enrolled with serial number "x/y/CN=<another user>"', () => {
    let blockId: string;

    before(async () => {
      blockId = (await issued()).block.id;
    });

    it('carries the other user as text after its own CN (the subject the chaincode must not be fooled by)', () => {
      const { subject } = new X509Certificate(mallorysCertificate);
      expect(subject).to.contain(`CN=${ids.mallory}`);
      expect(subject).to.contain(`x/y/CN=${ids.developer}`);
    });

    it('is itself for WhoAmI, not the user its serial number names', async () => {
      const me = JSON.parse(utf8.decode(await contract(mallory, 'accounts').evaluateTransaction('WhoAmI'))) as {
        enrollmentId: string;
        binding: unknown;
      };
      expect(me.enrollmentId).to.equal(ids.mallory);
      expect(me.binding).to.equal(null);
    });

    it('is refused (FORBIDDEN) for every write the named user may make', async () => {
      expect(
        await refusal(
          submit(mallory, 'accounts', 'BindIdentity', {
            accountId: accounts.developer,
            mspId: 'DeveloperMSP',
            enrollmentId: ids.mallory,
            role: 'ADMIN',
          }),
        ),
      ).to.equal('FORBIDDEN');
      expect(
        await refusal(
          submit(mallory, 'monitoring', 'SubmitMonitoringReport', {
            projectId,
            periodStart: '2025-01-01',
            periodEnd: '2025-06-30',
            vintage: 2025,
            claimedReductions: 10,
            document: doc('forged'),
          }),
        ),
      ).to.equal('FORBIDDEN');
      expect(
        await refusal(submit(mallory, 'projects', 'RegisterProject', projectInput('Forged', 10, 'forged-pdd'))),
      ).to.equal('FORBIDDEN');
    });

    it("may not transfer the named user's credits (FORBIDDEN)", async () => {
      expect(
        await refusal(submit(mallory, 'credits', 'Transfer', { blockId, quantity: 10, toAccountId: accounts.other })),
      ).to.equal('FORBIDDEN');
    });
  });
});
