import { X509Certificate, createHash, createPublicKey, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { expect } from 'chai';
import { orgOf, parseNetworkConfig } from '@ncr/gateway-api/network-config';
import { PROJECT_EXAMPLE, inCustody, loadConfig, openWallets } from '@ncr/gateway-api';
import { ApiTransport } from '../../src/lib/api';
import { sitePaths } from '../../src/lib/paths';
import { demoUsers } from '../../src/demo/api-client';
import { committedTransaction, connectAsAdmin, network } from '../../src/network/client';
import { newOfflineIdentity, onboardOffline, signedCall } from '../../src/sign/client';

/**
 * A company user who keeps its own private key (custody external), on the real network through the REST gateway:
 * enrolled from its certificate request, it registers a project and, once custodial users of the other
 * organisations took the project to issuance, transfers credits, each write in three signed steps made with
 * `signedCall` (the `npm run sign` client). The gateway's wallet then holds its certificate and no key of its, and
 * the ledger names that certificate as the creator of its transactions.
 */

/** Requests go to the gateway of their API key; this one (the developers' own) serves keys it handed out itself. */
const api = new ApiTransport(orgOf(network(), 'DeveloperMSP').gatewayUrl, 120_000);
const keyOf = (name: string): string => {
  const key = demoUsers().get(name)?.apiKey;
  if (key === undefined) throw new Error(`demo user ${name} missing from .ncr/users.json`);
  return key;
};

async function send(method: string, route: string, as: { key: string }, body?: unknown) {
  const answer = await api.send(method, route, as.key, body);
  const parsed: unknown = answer.text === '' ? {} : JSON.parse(answer.text);
  const fields: Record<string, unknown> =
    typeof parsed === 'object' && parsed !== null ? Object.fromEntries(Object.entries(parsed)) : {};
  return { status: answer.status, body: fields };
}

/** A committed write by a custodial demo user. */
async function write(route: string, as: string, body: unknown = {}): Promise<Record<string, unknown>> {
  const reply = await send('POST', route, { key: keyOf(as) }, body);
  expect(reply.status, `${route}: ${JSON.stringify(reply.body)}`).to.equal(201);
  return reply.body;
}

const doc = (label: string) => ({
  uri: `https://docs.example.org/${label}.pdf`,
  sha256: createHash('sha256').update(label).digest('hex'),
});
const code = (body: Record<string, unknown>): unknown =>
  typeof body.error === 'object' && body.error !== null && 'code' in body.error ? body.error.code : undefined;

function once<T>(step: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= step());
}

describe('a company user who keeps its own key signs its writes offline', function () {
  this.timeout(600_000);
  const run = randomBytes(3).toString('hex');
  const identity = newOfflineIdentity(`offline-${run}`);

  const enrolled = once(() => onboardOffline(api, keyOf('developer-admin'), identity, 'MANAGER'));
  const signer = once(async () => {
    const { apiKey, certificate } = await enrolled();
    return { apiKey, certificate, privateKey: identity.privateKey };
  });

  /** The project registered by the offline user, taken to issuance by custodial users: the issued block. */
  const issued = once(async () => {
    const registered = await signedCall(api, {
      ...(await signer()),
      route: 'POST /v1/projects',
      body: {
        ...PROJECT_EXAMPLE,
        title: `${PROJECT_EXAMPLE.title} (offline signer ${run})`,
        estimatedAnnualReductions: 500,
        documents: [{ type: 'PDD', ...doc(`pdd-${run}`) }],
      },
    });
    expect(registered.status).to.equal(201);
    const projectId = String(registered.body.id);
    await write(`/v1/projects/${projectId}/validation`, 'certifier-admin', { approved: true, report: doc(`v-${run}`) });
    const authorisation = { approved: true, authorisationId: `AUTH-OFF-${run}`, purposes: 'NDC' };
    await write(`/v1/projects/${projectId}/authorisation`, 'gov-admin', authorisation);
    const report = await write(`/v1/projects/${projectId}/monitoring-reports`, 'developer-admin', {
      periodStart: '2024-01-01',
      periodEnd: '2024-12-31',
      vintage: 2024,
      claimedReductions: 500,
      document: doc(`mr-${run}`),
    });
    const reportId = String(report.id);
    const verification = { approved: true, verifiedReductions: 500, report: doc(`ver-${run}`) };
    await write(`/v1/monitoring-reports/${reportId}/verification`, 'certifier-admin', verification);
    const block = await write(`/v1/monitoring-reports/${reportId}/issuance`, 'gov-admin');
    return { registered, blockId: String(block.id) };
  });

  const transferred = once(async () => {
    const { blockId } = await issued();
    return signedCall(api, {
      ...(await signer()),
      route: 'POST /v1/transfers',
      body: { blockId, quantity: 200, toAccountId: 'DEV-BETA' },
    });
  });

  it('is enrolled from its certificate request: its CN, the certificate only in the wallet, no key of its', async () => {
    const { certificate, enrollmentId } = await enrolled();
    expect(enrollmentId).to.equal(identity.enrollmentId);
    expect(new X509Certificate(certificate).subject).to.include(`CN=${identity.enrollmentId}`);
    // The developers' site: its gateway enrolled the user and keeps its wallet.
    const config = loadConfig({ ...process.env, NCR_HOME: sitePaths(orgOf(network(), 'DeveloperMSP').key).home });
    const site = parseNetworkConfig(fs.readFileSync(config.networkConfigPath, 'utf8'), config.networkConfigPath);
    const entries = await openWallets(config, site).entries();
    const own = entries.filter((entry) => entry.enrollmentId === identity.enrollmentId);
    expect(own, 'one wallet entry').to.have.length(1);
    expect(own[0]?.certificate).to.equal(certificate);
    expect(own.map(inCustody), 'certificate only').to.deep.equal([false]);
    const ownKey = createPublicKey(identity.privateKey).export({ type: 'spki', format: 'der' });
    const held = entries
      .filter(inCustody)
      .map((entry) => createPublicKey(entry.privateKey).export({ type: 'spki', format: 'der' }));
    expect(held.length, 'the wallet holds other identities').to.be.greaterThan(0);
    expect(
      held.filter((key) => key.equals(ownKey)),
      'a private key of the offline user in the wallet',
    ).to.be.empty;
  });

  it('registers a project and transfers credits in three signed steps, answered as the one-call routes', async () => {
    const { registered } = await issued();
    expect(registered.body).to.include({ status: 'SUBMITTED', developerAccountId: 'DEV-ACME' });
    const transfer = await transferred();
    expect(transfer.status).to.equal(201);
    expect(transfer.body.txId).to.be.a('string');
    expect(transfer.body.blockNumber).to.be.a('number');
    const balance = await send('GET', '/v1/accounts/DEV-BETA/balance', { key: keyOf('developer2-admin') });
    expect(balance.status).to.equal(200);
    expect(JSON.stringify(balance.body)).to.include(String((await issued()).registered.body.id));
  });

  it('the ledger names its enrolled certificate as the creator of both transactions', async () => {
    const { certificate } = await enrolled();
    const txIds = [String((await issued()).registered.body.txId), String((await transferred()).body.txId)];
    // Read from the user's own organisation's peer: the one whose commit status answered, so it holds both blocks.
    const connection = connectAsAdmin('DeveloperMSP');
    try {
      for (const txId of txIds) {
        const tx = await committedTransaction(connection.gateway, txId);
        expect(tx.validationCode, txId).to.equal(0);
        expect(tx.creator.mspId).to.equal('DeveloperMSP');
        expect(new X509Certificate(tx.creator.certificate).raw.equals(new X509Certificate(certificate).raw)).to.equal(
          true,
        );
      }
    } finally {
      connection.close();
    }
  });

  it('a wrong signature is 422 SIGNATURE_INVALID and changes nothing; a one-call route is 403', async () => {
    const { apiKey } = await signer();
    const { blockId } = await issued();
    const user = { key: apiKey };
    const prepared = await send('POST', '/v1/transactions/prepare', user, {
      route: 'POST /v1/retirements',
      body: { blockId, quantity: 1, beneficiary: 'Nobody', purpose: 'NDC' },
    });
    expect(prepared.status, JSON.stringify(prepared.body)).to.equal(201);
    const forged = newOfflineIdentity('forger');
    const { signers } = await import('@hyperledger/fabric-gateway');
    const signature = await signers.newPrivateKeySigner(forged.privateKey)(
      Buffer.from(String(prepared.body.digest), 'base64'),
    );
    const endorse = `/v1/transactions/${String(prepared.body.preparedId)}/endorse`;
    const refused = await send('POST', endorse, user, { signature: Buffer.from(signature).toString('base64') });
    expect(refused.status, JSON.stringify(refused.body)).to.equal(422);
    expect(code(refused.body)).to.equal('SIGNATURE_INVALID');
    const block = await send('GET', `/v1/credit-blocks/${blockId}`, { key: keyOf('developer-admin') });
    expect(block.body).to.include({ quantity: 300 });
    const oneCall = await send('POST', '/v1/retirements', user, {
      blockId,
      quantity: 1,
      beneficiary: 'X',
      purpose: 'NDC',
    });
    expect(oneCall.status).to.equal(403);
    expect(code(oneCall.body)).to.equal('OFFLINE_SIGNING_REQUIRED');
  });
});
