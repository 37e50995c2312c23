import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { NetworkConfig } from '../../src/fabric/network-config';
import { FabricCaEnroller } from '../../src/identity/enrollment';
import { CustodyWallets } from '../../src/identity/wallet';
import { type TestApp, call, startTestApp } from './helpers';

const orgAdmin = { mspId: 'DeveloperMSP', enrollmentId: 'developer-admin' };
const registrar = { mspId: 'DeveloperMSP', enrollmentId: 'registrar' };
const credentialsOf = (ref: { mspId: string; enrollmentId: string }, secret: string) => ({
  ...ref,
  certificate: `cert of ${ref.enrollmentId}`,
  privateKey: secret,
});

/** A CA nobody listens on: any call to it would fail as unreachable, not as IDENTITY_TAKEN. */
const network: NetworkConfig = {
  channel: 'ncr',
  chaincode: 'registry',
  org: 'DeveloperMSP',
  orgs: {
    DeveloperMSP: {
      key: 'developer',
      gatewayUrl: 'http://127.0.0.1:1',
      peer: { name: 'peer0', endpoint: '127.0.0.1:1', tlsCACertPath: '/nonexistent' },
      ca: {
        url: 'https://127.0.0.1:1',
        caName: 'ca-developer',
        tlsCACertPath: '/nonexistent',
        registrar: { enrollmentId: 'registrar', secret: 's' },
      },
      clientTls: { certPath: '/nonexistent', keyPath: '/nonexistent' },
      admin: { enrollmentId: 'developer-admin', certPath: '/nonexistent', keyPath: '/nonexistent' },
    },
  },
};

describe('custody: system identities and users never mix', () => {
  let dir: string;
  let wallets: CustodyWallets;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ncr-custody-'));
    wallets = CustodyWallets.open(dir, randomBytes(32), [orgAdmin, registrar]);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps system identities and users in separate stores: a user lookup never reads a system entry', async () => {
    await wallets.put(credentialsOf(orgAdmin, 'admin key'));
    const alice = { mspId: 'DeveloperMSP', enrollmentId: 'alice@0a1b2c3d' };
    await wallets.put(credentialsOf(alice, 'alice key'));
    expect(await readdir(path.join(dir, 'system'))).to.have.length(1);
    expect(await readdir(path.join(dir, 'users'))).to.have.length(1);
    expect(await wallets.get(orgAdmin)).to.include({ privateKey: 'admin key' });
    expect(await wallets.users.get(orgAdmin)).to.equal(undefined);
    expect(await wallets.get(alice)).to.include({ privateKey: 'alice key' });
  });

  for (const ref of [orgAdmin, registrar]) {
    it(`refuses to enroll a user as the system identity ${ref.enrollmentId} (409 IDENTITY_TAKEN, no CA call)`, async () => {
      await wallets.put(credentialsOf(ref, 'system key'));
      const enroller = new FabricCaEnroller(network, wallets);
      let error: { status?: number; code?: string } = {};
      try {
        await enroller.enrollNew(ref);
      } catch (err) {
        error = err as typeof error;
      }
      expect(error).to.include({ status: 409, code: 'IDENTITY_TAKEN' });
    });
  }

  it('never hands out an existing user wallet entry (409 IDENTITY_TAKEN, no CA call)', async () => {
    const bob = { mspId: 'DeveloperMSP', enrollmentId: 'bob@00000000' };
    await wallets.put(credentialsOf(bob, 'bob key'));
    let error: { status?: number; code?: string } = {};
    try {
      await new FabricCaEnroller(network, wallets).enrollNew(bob);
    } catch (err) {
      error = err as typeof error;
    }
    expect(error).to.include({ status: 409, code: 'IDENTITY_TAKEN' });
  });

  it("never registers a user of another organisation: only the site's own CA (400 VALIDATION, no CA call)", async () => {
    const carol = { mspId: 'GovernmentMSP', enrollmentId: 'carol@00000000' };
    let error: { status?: number; code?: string; message?: string } = {};
    try {
      await new FabricCaEnroller(network, wallets).enrollNew(carol);
    } catch (err) {
      error = err as typeof error;
    }
    expect(error).to.include({ status: 400, code: 'VALIDATION' });
    expect(error.message).to.match(/registers users with the DeveloperMSP CA only/);
    expect(await wallets.users.get(carol)).to.equal(undefined);
  });
});

describe('custody: a user named like a system identity gets a new identity of its own', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    await app.cleanup();
  });

  for (const name of ['registrar', 'developer-admin', 'developer-tls-client']) {
    it(`${name}: enrolled and bound as ${name}@<8 hex>, never as ${name}`, async () => {
      app.ledger.submit.resolves({ txId: 'b'.repeat(64), blockNumber: 4, result: {} });
      const reply = await call(app, 'POST', '/v1/users', {
        key: app.keys['dev-admin']!,
        body: { name, role: 'VIEWER' },
      });
      expect(reply.status).to.equal(201);
      const enrolled = app.enroller.enrollNew.firstCall.args[0];
      expect(enrolled.enrollmentId).to.match(new RegExp(`^${name}@[0-9a-f]{8}$`));
      expect(app.ledger.submit.firstCall.args[3]).to.deep.include({ enrollmentId: enrolled.enrollmentId });
      expect((reply.body as { user: { enrollmentId: string } }).user.enrollmentId).to.equal(enrolled.enrollmentId);
    });
  }
});
