import { type KeyObject, createHash, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { signers } from '@hyperledger/fabric-gateway';
import { ECDSASigValue } from '@peculiar/asn1-ecc';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  Certificate,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import { expect } from 'chai';
import sinon from 'sinon';
import type { OfflineFabric, Signable } from '../../src/fabric/offline';
import { type Route, defineRoute, ok } from '../../src/http/route';
import { createCsr, readCsr } from '../../src/identity/csr';
import { matchRoute } from '../../src/offline/route-match';
import { PreparedTransactions, bytesJson } from '../../src/offline/prepared';
import { SqlitePreparedStore } from '../../src/storage/prepared-store';
import { assertSignedBy } from '../../src/offline/signature';
import { type TestApp, call, errorOf, startTestApp } from './helpers';

const ECDSA_WITH_SHA256 = new AlgorithmIdentifier({ algorithm: '1.2.840.10045.4.3.2' });
const subject = (cn: string): Name =>
  new Name([
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({ type: '2.5.4.3', value: new AttributeValue({ utf8String: cn }) }),
    ]),
  ]);

/** A self-signed X.509 certificate (PEM) of `key`, CN `cn`: stands for the one the CA signed. */
function certificateOf(key: KeyObject, cn: string): string {
  const tbsCertificate = new TBSCertificate({
    version: Version.v3,
    serialNumber: new Uint8Array([1]).buffer,
    signature: ECDSA_WITH_SHA256,
    issuer: subject(cn),
    validity: new Validity({ notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: new Date('2035-01-01T00:00:00Z') }),
    subject: subject(cn),
    subjectPublicKeyInfo: AsnConvert.parse(
      createPublicKey(key).export({ type: 'spki', format: 'der' }),
      SubjectPublicKeyInfo,
    ),
  });
  const tbs = Buffer.from(AsnConvert.serialize(tbsCertificate));
  const certificate = new Certificate({
    tbsCertificate,
    signatureAlgorithm: ECDSA_WITH_SHA256,
    signatureValue: new Uint8Array(sign('sha256', tbs, key)).buffer,
  });
  const body = Buffer.from(AsnConvert.serialize(certificate)).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${body.replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
}

const newKey = (): KeyObject => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const sha256 = (bytes: Uint8Array): Buffer => createHash('sha256').update(bytes).digest();
/** What fabric-gateway's signer makes of a digest (DER, low S), base64. */
const signDigest = async (key: KeyObject, message: Uint8Array): Promise<string> =>
  Buffer.from(await signers.newPrivateKeySigner(key)(sha256(message))).toString('base64');

const HALF_ORDER = BigInt('0x7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5617e3192a8');
const ORDER = HALF_ORDER * 2n + 1n;
/** The same signature with S replaced by n - S (valid ECDSA, refused by Fabric). */
function highS(signature: Buffer): Buffer {
  const value = AsnConvert.parse(signature, ECDSASigValue);
  const s = BigInt(`0x${Buffer.from(value.s).toString('hex')}`);
  const high = Buffer.concat([Buffer.from([0]), Buffer.from((ORDER - s).toString(16).padStart(64, '0'), 'hex')]);
  return Buffer.from(AsnConvert.serialize(new ECDSASigValue({ r: value.r, s: new Uint8Array(high).buffer })));
}

describe('offline signing: signatures are checked against the enrolled certificate', () => {
  const key = newKey();
  const certificate = certificateOf(key, 'alice@0a1b2c3d');
  const message = Buffer.from('the proposal bytes');

  it('accepts a DER, low-S ECDSA signature of the message digest by the certificate key', async () => {
    const signature = Buffer.from(await signDigest(key, message), 'base64');
    expect(() => {
      assertSignedBy(certificate, message, signature, 'proposal');
    }).to.not.throw();
  });

  it('refuses with 422 SIGNATURE_INVALID: another key, another message, a high S, bytes that are no signature', async () => {
    const signature = Buffer.from(await signDigest(key, message), 'base64');
    const cases: [string, Buffer, Buffer][] = [
      ['another key', message, Buffer.from(await signDigest(newKey(), message), 'base64')],
      ['another message', Buffer.from('other bytes'), signature],
      ['high S', message, highS(signature)],
      ['not DER', message, Buffer.from('not a signature')],
    ];
    for (const [what, signed, bytes] of cases) {
      expect(() => {
        assertSignedBy(certificate, signed, bytes, 'proposal');
      }, what)
        .to.throw()
        .that.includes({ status: 422, code: 'SIGNATURE_INVALID' });
    }
  });
});

describe('offline signing: prepared transactions are bounded and expire', () => {
  const limits = { ttlMs: 1_000, maxTotal: 3, maxPerOwner: 2 };

  it('forgets a prepared transaction ttl after its last step (404), and each step renews it', async () => {
    let now = 0;
    const store = new PreparedTransactions<string>(limits, () => now);
    const { id } = store.create('alice', 'proposed');
    now = 900;
    await store.step(id, 'alice', (_state, save) => {
      save('endorsed');
      return Promise.resolve();
    });
    now = 1_800;
    expect(await store.step(id, 'alice', (state) => Promise.resolve(state))).to.equal('endorsed');
    now = 2_801;
    const error = await store.step(id, 'alice', () => Promise.resolve()).catch((err: unknown) => err);
    expect(error).to.include({ status: 404, code: 'NOT_FOUND' });
  });

  it('holds at most maxPerOwner per user and maxTotal in all (429), until some expire', () => {
    let now = 0;
    const store = new PreparedTransactions<string>(limits, () => now);
    store.create('alice', 'a');
    store.create('alice', 'b');
    expect(() => store.create('alice', 'c'))
      .to.throw()
      .that.includes({ status: 429, code: 'RATE_LIMITED' });
    store.create('bob', 'a');
    expect(() => store.create('carol', 'a'))
      .to.throw()
      .that.includes({ status: 429 });
    now = 1_000;
    expect(store.create('carol', 'a').id).to.match(/^ptx_[A-Za-z0-9_-]{22}$/);
  });

  it("answers 404 for another user's ID and 409 while a step runs on it", async () => {
    const store = new PreparedTransactions<string>(limits);
    const { id } = store.create('alice', 'proposed');
    const other = await store.step(id, 'bob', () => Promise.resolve()).catch((err: unknown) => err);
    expect(other).to.include({ status: 404 });
    let release = (): void => undefined;
    const running = store.step(id, 'alice', () => new Promise<void>((resolve) => (release = resolve)));
    const busy = await store.step(id, 'alice', () => Promise.resolve()).catch((err: unknown) => err);
    expect(busy).to.include({ status: 409, code: 'CONFLICT' });
    release();
    await running;
  });
});

describe('offline signing: prepared transactions on disk (a restarted gateway takes them back)', () => {
  const limits = { ttlMs: 1_000, maxTotal: 3, maxPerOwner: 2 };
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ncr-prepared-'));
    file = path.join(dir, 'prepared.sqlite');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  type Kept = { step: string; signed?: { transaction: Uint8Array; txId: string } };
  const reopen = (now: () => number) => {
    const store = new SqlitePreparedStore(file);
    return { store, prepared: new PreparedTransactions<Kept>(limits, now, { store, codec: bytesJson<Kept>() }) };
  };

  it('keeps each state a step reached, bytes intact, across a restart; expired and forgotten ones are gone', async () => {
    let now = 0;
    const first = reopen(() => now);
    const sent = first.prepared.create('alice', { step: 'proposed' });
    const dropped = first.prepared.create('alice', { step: 'proposed' });
    const transaction = Buffer.from([0, 1, 2, 255]);
    await first.prepared.step(sent.id, 'alice', (_state, save) => {
      save({ step: 'sent', signed: { transaction, txId: 'c3'.repeat(32) } });
      return Promise.resolve();
    });
    await first.prepared.step(dropped.id, 'alice', (_state, _save, forget) => {
      forget();
      return Promise.resolve();
    });
    const other = first.prepared.create('bob', { step: 'proposed' });
    first.store.close();
    expect(statSync(file).mode & 0o777).to.equal(0o600);

    const second = reopen(() => now);
    const state = await second.prepared.step(sent.id, 'alice', (kept) => Promise.resolve(kept));
    expect(state.step).to.equal('sent');
    expect(state.signed?.transaction).to.be.instanceOf(Uint8Array);
    expect(Buffer.from(state.signed?.transaction ?? []).equals(transaction)).to.equal(true);
    const forgotten = await second.prepared.step(dropped.id, 'alice', () => Promise.resolve()).catch((e: unknown) => e);
    expect(forgotten).to.include({ status: 404 });
    const notHers = await second.prepared.step(other.id, 'alice', () => Promise.resolve()).catch((e: unknown) => e);
    expect(notHers).to.include({ status: 404 });
    second.store.close();

    now = 5_000;
    const third = reopen(() => now);
    const expired = await third.prepared.step(sent.id, 'alice', () => Promise.resolve()).catch((e: unknown) => e);
    expect(expired).to.include({ status: 404, code: 'NOT_FOUND' });
    third.store.close();
  });
});

describe('offline signing: a route named as text is matched as Express matches it', () => {
  const route = (method: 'get' | 'post', path: string): Route =>
    defineRoute({ method, path, tag: 't', summary: path, responses: {}, handler: () => Promise.resolve(ok({})) });
  const routes = [route('get', '/v1/projects'), route('get', '/v1/projects/:id'), route('post', '/v1/projects')];

  it('fills path parameters (decoded) and the query', () => {
    const matched = matchRoute(routes, 'GET /v1/projects/GHA-P-1%20A?pageSize=5');
    expect(matched?.route.path).to.equal('/v1/projects/:id');
    expect(matched?.params).to.deep.equal({ id: 'GHA-P-1 A' });
    expect(matchRoute(routes, 'GET /v1/projects?pageSize=5&x=1&x=2')?.query).to.deep.include({
      pageSize: '5',
      x: ['1', '2'],
    });
    expect(matchRoute(routes, 'POST /v1/projects')?.route.method).to.equal('post');
  });

  it('answers undefined for no such route, 400 for text that is no route or bad percent-encoding', () => {
    expect(matchRoute(routes, 'POST /v1/projects/P-1')).to.equal(undefined);
    expect(matchRoute(routes, 'GET /v1/projects/')).to.equal(undefined);
    expect(() => matchRoute(routes, 'DELETE /v1/projects'))
      .to.throw()
      .that.includes({ status: 400 });
    expect(() => matchRoute(routes, 'GET /v1/projects/%E0%A4%A'))
      .to.throw()
      .that.includes({ status: 400 });
  });
});

const TX = 'c3'.repeat(32);
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const signable = (label: string): Signable => {
  const message = Buffer.from(`${label} message`);
  return { bytes: Buffer.from(`${label} bytes`), message, digest: sha256(message) };
};

describe('offline signing: prepare, endorse, submit through the gateway', () => {
  const key = newKey();
  const enrolled = {
    mspId: 'DeveloperMSP',
    enrollmentId: 'offline@0a1b2c3d',
    certificate: certificateOf(key, 'offline@0a1b2c3d'),
  };
  const proposal = signable('proposal');
  const transaction = signable('transaction');
  const commit = signable('commit');
  let app: TestApp;
  let fabric: sinon.SinonStubbedInstance<OfflineFabric>;
  let offlineKey: string;
  const transfer = { blockId: 'B-0A1B2C3D4E5F6A7B-0', quantity: 5, toAccountId: 'DEV-BETA' };

  beforeEach(async () => {
    fabric = {
      propose: sinon
        .stub<Parameters<OfflineFabric['propose']>, ReturnType<OfflineFabric['propose']>>()
        .returns({ txId: TX, proposal }),
      endorse: sinon
        .stub<Parameters<OfflineFabric['endorse']>, ReturnType<OfflineFabric['endorse']>>()
        .resolves({ transaction, commit }),
      submit: sinon
        .stub<Parameters<OfflineFabric['submit']>, ReturnType<OfflineFabric['submit']>>()
        .resolves({ txId: TX, blockNumber: 7, result: { moved: { id: 'B-1' } } }),
      evaluate: sinon
        .stub<Parameters<OfflineFabric['evaluate']>, ReturnType<OfflineFabric['evaluate']>>()
        .resolves({ id: 'GHA-P-0A1B2C3D4E' }),
    };
    app = await startTestApp({ offline: { fabric, wallet: { get: () => Promise.resolve(enrolled) } } });
    const user = { name: 'offline', mspId: 'DeveloperMSP', enrollmentId: enrolled.enrollmentId, accountId: 'DEV-ACME' };
    offlineKey = (await app.users.create({ ...user, role: 'MANAGER', custody: 'external' })).apiKey;
  });
  afterEach(async () => {
    await app.cleanup();
  });

  const post = (path: string, body: unknown, key = offlineKey) => call(app, 'POST', path, { key, body });
  const prepare = (route: string, body?: unknown) =>
    post('/v1/transactions/prepare', { route, ...(body === undefined ? {} : { body }) });
  const fieldsOf = (reply: { body: unknown }): Record<string, unknown> =>
    typeof reply.body === 'object' && reply.body !== null ? Object.fromEntries(Object.entries(reply.body)) : {};

  it('validates the request exactly as the route itself: same status, code and message; nothing proposed', async () => {
    for (const body of [{ ...transfer, quantity: -1 }, { ...transfer, extra: true }, { blockId: 'B-1' }]) {
      const oneCall = await post('/v1/transfers', body, app.keys['dev-admin']);
      const prepared = await prepare('POST /v1/transfers', body);
      expect(prepared.status, JSON.stringify(body)).to.equal(400);
      expect(errorOf(prepared), JSON.stringify(body)).to.deep.equal(errorOf(oneCall));
    }
    const badPath = await prepare('POST /v1/credit-blocks/not%20an%20id/freeze', { reason: 'r' });
    const oneCallPath = await post('/v1/credit-blocks/not%20an%20id/freeze', { reason: 'r' }, app.keys['gov-admin']);
    expect(errorOf(badPath)).to.deep.equal(errorOf(oneCallPath));
    expect(fabric.propose.called).to.equal(false);
  });

  it('runs the three steps and answers 201 as the one-call route; a repeated submit answers the same, sent once', async () => {
    const prepared = await prepare('POST /v1/transfers', transfer);
    expect(prepared.status, prepared.text).to.equal(201);
    const fields = fieldsOf(prepared);
    expect(fields).to.include({ txId: TX, kind: 'write', next: 'endorse', digest: b64(proposal.digest) });
    expect(fabric.propose.firstCall.args.slice(1)).to.deep.equal(['credits', 'Transfer', transfer]);
    const id = String(fields.preparedId);
    const endorsed = await post(`/v1/transactions/${id}/endorse`, {
      signature: await signDigest(key, proposal.message),
    });
    expect(endorsed.status, endorsed.text).to.equal(200);
    expect(fieldsOf(endorsed)).to.include({
      digest: b64(transaction.digest),
      commitDigest: b64(commit.digest),
    });
    const signatures = {
      signature: await signDigest(key, transaction.message),
      commitSignature: await signDigest(key, commit.message),
    };
    const submitted = await post(`/v1/transactions/${id}/submit`, signatures);
    expect(submitted.status, submitted.text).to.equal(201);
    expect(submitted.body).to.deep.equal({ moved: { id: 'B-1' }, txId: TX, blockNumber: 7 });
    const again = await post(`/v1/transactions/${id}/submit`, signatures);
    expect(again.body).to.deep.equal(submitted.body);
    expect(fabric.submit.callCount).to.equal(1);
    const sent = fabric.submit.firstCall.args[1];
    expect(Buffer.from(sent.transaction).toString()).to.equal('transaction bytes');
    expect(Buffer.from(sent.commit).toString()).to.equal('commit bytes');
  });

  it('a submit whose outcome was lost is sent again by the restarted gateway, the same signed bytes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ncr-prepared-'));
    const persistence = () => new SqlitePreparedStore(path.join(dir, 'prepared.sqlite'));
    const startWith = async (store: SqlitePreparedStore) => {
      const started = await startTestApp({
        offline: { fabric, wallet: { get: () => Promise.resolve(enrolled) }, persistence: store },
      });
      const user = {
        name: 'offline',
        mspId: 'DeveloperMSP',
        enrollmentId: enrolled.enrollmentId,
        accountId: 'DEV-ACME',
      };
      return {
        started,
        apiKey: (await started.users.create({ ...user, role: 'MANAGER', custody: 'external' })).apiKey,
      };
    };
    const firstStore = persistence();
    const first = await startWith(firstStore);
    const prepared = await call(first.started, 'POST', '/v1/transactions/prepare', {
      key: first.apiKey,
      body: { route: 'POST /v1/transfers', body: transfer },
    });
    const id = String(fieldsOf(prepared).preparedId);
    await call(first.started, 'POST', `/v1/transactions/${id}/endorse`, {
      key: first.apiKey,
      body: { signature: await signDigest(key, proposal.message) },
    });
    const signatures = {
      signature: await signDigest(key, transaction.message),
      commitSignature: await signDigest(key, commit.message),
    };
    fabric.submit.onFirstCall().rejects(new Error('connection reset while waiting for the commit status'));
    const lost = await call(first.started, 'POST', `/v1/transactions/${id}/submit`, {
      key: first.apiKey,
      body: signatures,
    });
    expect(lost.status).to.not.equal(201);
    await first.started.cleanup();
    firstStore.close();

    const secondStore = persistence();
    const second = await startWith(secondStore);
    const again = await call(second.started, 'POST', `/v1/transactions/${id}/submit`, {
      key: second.apiKey,
      body: signatures,
    });
    await second.started.cleanup();
    secondStore.close();
    rmSync(dir, { recursive: true, force: true });
    expect(again.status, again.text).to.equal(201);
    expect(fabric.submit.callCount).to.equal(2);
    const [sentFirst, sentAgain] = [fabric.submit.firstCall.args[1], fabric.submit.secondCall.args[1]];
    expect(sentAgain.txId).to.equal(sentFirst.txId);
    for (const field of ['transaction', 'transactionSignature', 'commit', 'commitSignature'] as const) {
      expect(Buffer.from(sentAgain[field]).equals(Buffer.from(sentFirst[field])), field).to.equal(true);
    }
  });

  it('a wrong signature at each step is 422 SIGNATURE_INVALID and sends nothing; the right one then goes on', async () => {
    const id = String(fieldsOf(await prepare('POST /v1/transfers', transfer)).preparedId);
    const other = newKey();
    const wrongEndorse = await post(`/v1/transactions/${id}/endorse`, {
      signature: await signDigest(other, proposal.message),
    });
    expect(wrongEndorse.status).to.equal(422);
    expect(errorOf(wrongEndorse).code).to.equal('SIGNATURE_INVALID');
    expect(fabric.endorse.called).to.equal(false);
    await post(`/v1/transactions/${id}/endorse`, { signature: await signDigest(key, proposal.message) });
    const wrongCommit = await post(`/v1/transactions/${id}/submit`, {
      signature: await signDigest(key, transaction.message),
      commitSignature: await signDigest(key, transaction.message),
    });
    expect(wrongCommit.status).to.equal(422);
    expect(errorOf(wrongCommit).code).to.equal('SIGNATURE_INVALID');
    expect(fabric.submit.called).to.equal(false);
    const right = await post(`/v1/transactions/${id}/submit`, {
      signature: await signDigest(key, transaction.message),
      commitSignature: await signDigest(key, commit.message),
    });
    expect(right.status).to.equal(201);
  });

  it('answers 404 for an unknown ID, 409 for a step out of order, 400 for a malformed ID or signature', async () => {
    const signature = await signDigest(key, proposal.message);
    expect((await post('/v1/transactions/ptx_AAAAAAAAAAAAAAAAAAAAAA/endorse', { signature })).status).to.equal(404);
    expect((await post('/v1/transactions/nope/endorse', { signature })).status).to.equal(400);
    const id = String(fieldsOf(await prepare('POST /v1/transfers', transfer)).preparedId);
    expect((await post(`/v1/transactions/${id}/endorse`, { signature: 'not base64!' })).status).to.equal(400);
    const early = await post(`/v1/transactions/${id}/submit`, { signature, commitSignature: signature });
    expect(early.status).to.equal(409);
    expect((await post(`/v1/transactions/${id}/evaluate`, { signature })).status).to.equal(409);
  });

  it('prepares and evaluates a read, answered as the route itself (200)', async () => {
    const prepared = fieldsOf(await prepare('GET /v1/projects/GHA-P-0A1B2C3D4E'));
    expect(prepared).to.include({ kind: 'read', next: 'evaluate' });
    expect(fabric.propose.firstCall.args.slice(1)).to.deep.equal([
      'projects',
      'GetProject',
      { projectId: 'GHA-P-0A1B2C3D4E' },
    ]);
    const evaluated = await post(`/v1/transactions/${String(prepared.preparedId)}/evaluate`, {
      signature: await signDigest(key, proposal.message),
    });
    expect(evaluated.status).to.equal(200);
    expect(evaluated.body).to.deep.equal({ id: 'GHA-P-0A1B2C3D4E' });
  });

  it('refuses what cannot be signed offline: no such route (404), a route that is not one transaction (400)', async () => {
    expect((await prepare('POST /v1/nothing', {})).status).to.equal(404);
    expect((await prepare('POST /v1/users', { name: 'x', role: 'VIEWER' })).status).to.equal(400);
    expect(fabric.propose.called).to.equal(false);
  });

  it('a route the gateway must sign for answers 403 OFFLINE_SIGNING_REQUIRED to a user who keeps its key', async () => {
    for (const [method, path] of [
      ['GET', '/v1/me'],
      ['POST', '/v1/transfers'],
      ['GET', '/v1/projects'],
    ] as const) {
      const reply = await call(app, method, path, {
        key: offlineKey,
        ...(method === 'POST' ? { body: transfer } : {}),
      });
      expect(reply.status, path).to.equal(403);
      expect(errorOf(reply).code, path).to.equal('OFFLINE_SIGNING_REQUIRED');
    }
    expect(app.ledger.evaluate.called).to.equal(false);
    expect(app.ledger.submit.called).to.equal(false);
  });

  it('a custodial user is told to call the route itself (403 FORBIDDEN)', async () => {
    const reply = await post(
      '/v1/transactions/prepare',
      { route: 'POST /v1/transfers', body: transfer },
      app.keys['dev-admin'],
    );
    expect(reply.status).to.equal(403);
    expect(errorOf(reply).code).to.equal('FORBIDDEN');
  });
});

describe('onboarding a user who keeps its key (custody external)', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
    app.ledger.submit.resolves({ txId: TX, blockNumber: 4, result: {} });
  });
  afterEach(async () => {
    await app.cleanup();
  });
  const create = (body: unknown) => call(app, 'POST', '/v1/users', { key: app.keys['dev-admin']!, body });

  it("enrolls the request's CN with the CA, binds it, and answers its certificate and API key", async () => {
    const key = newKey();
    const csr = createCsr(key, 'carol@0a1b2c3d');
    app.enroller.enrollExternal.callsFake((ref) => Promise.resolve({ ...ref, certificate: 'the CA certificate' }));
    const reply = await create({ name: 'carol', role: 'MANAGER', custody: 'external', csr });
    expect(reply.status, reply.text).to.equal(201);
    expect(app.enroller.enrollExternal.firstCall.args).to.deep.equal([
      { mspId: 'DeveloperMSP', enrollmentId: 'carol@0a1b2c3d' },
      csr,
    ]);
    expect(app.enroller.enrollNew.called).to.equal(false);
    expect(app.ledger.submit.firstCall.args[3]).to.deep.include({ enrollmentId: 'carol@0a1b2c3d', role: 'MANAGER' });
    const user = (reply.body as { user: Record<string, unknown> }).user;
    expect(user).to.include({ enrollmentId: 'carol@0a1b2c3d', custody: 'external', certificate: 'the CA certificate' });
    expect(user.apiKey).to.be.a('string');
    expect(app.users.findByName('carol')).to.include({ custody: 'external' });
  });

  it('refuses before any CA or ledger call: a CN not <name>@<8 hex>, a forged request, custody and csr apart', async () => {
    const key = newKey();
    const forged = createCsr(key, 'dave@0a1b2c3d').replace(/.{8}\n-----END/, 'AAAAAAAA\n-----END');
    const bodies = [
      { name: 'dave', role: 'VIEWER', custody: 'external', csr: createCsr(key, 'developer-admin') },
      { name: 'dave', role: 'VIEWER', custody: 'external', csr: createCsr(key, 'eve@0a1b2c3d') },
      { name: 'dave', role: 'VIEWER', custody: 'external', csr: forged },
      { name: 'dave', role: 'VIEWER', custody: 'external' },
      { name: 'dave', role: 'VIEWER', csr: createCsr(key, 'dave@0a1b2c3d') },
    ];
    for (const body of bodies) {
      const reply = await create(body);
      expect(reply.status, JSON.stringify(body)).to.equal(400);
      expect(errorOf(reply).code).to.equal('VALIDATION');
    }
    expect(app.enroller.enrollExternal.called).to.equal(false);
    expect(app.ledger.submit.called).to.equal(false);
    expect(app.users.reservationOf('dave')).to.equal(undefined);
  });
});

describe('certificate requests', () => {
  it('reads back the CN and key of a request createCsr made (self-signed, EC P-256)', () => {
    const key = newKey();
    const read = readCsr(createCsr(key, 'alice@0a1b2c3d'));
    expect(read.commonName).to.equal('alice@0a1b2c3d');
    const spki = read.publicKey.export({ type: 'spki', format: 'der' });
    expect(spki.equals(createPublicKey(key).export({ type: 'spki', format: 'der' }))).to.equal(true);
  });

  it('refuses a request of another curve, or that is not PEM', () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    expect(() => readCsr(createCsr(other, 'a@0a1b2c3d')))
      .to.throw()
      .that.includes({ status: 400 });
    expect(() => readCsr('hello'))
      .to.throw()
      .that.includes({ status: 400 });
  });
});
