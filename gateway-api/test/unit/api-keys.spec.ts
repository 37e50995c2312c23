import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { generateApiKey, hashApiKey, looksLikeApiKey } from '../../src/identity/api-keys';
import { UserDirectory } from '../../src/identity/users';

describe('API keys', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ncr-keys-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('are random, prefixed, 256-bit, and hash to a fixed SHA-256 hex', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a).to.not.equal(b);
    expect(a).to.match(/^ncr_[A-Za-z0-9_-]{43}$/);
    expect(looksLikeApiKey(a)).to.equal(true);
    expect(hashApiKey('abc')).to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashApiKey(a)).to.match(/^[0-9a-f]{64}$/);
    expect(hashApiKey(a)).to.equal(hashApiKey(a));
  });

  it('are stored only as hashes: the users file never contains the key', async () => {
    const file = path.join(dir, 'users.json');
    const users = await UserDirectory.open(file);
    const { apiKey, user } = await users.create({
      name: 'alice',
      mspId: 'DeveloperMSP',
      enrollmentId: 'alice',
      accountId: 'DEV-ACME',
      role: 'ADMIN',
    });
    const onDisk = await readFile(file, 'utf8');
    expect(onDisk).to.not.include(apiKey);
    expect(onDisk).to.include(hashApiKey(apiKey));
    expect(users.authenticate(apiKey)).to.deep.equal(user);
    const reopened = await UserDirectory.open(file);
    expect(reopened.authenticate(apiKey)?.name).to.equal('alice');
    expect(reopened.authenticate(`${apiKey}x`)).to.equal(undefined);
  });

  it('rotating a key revokes the old one at once', async () => {
    const users = await UserDirectory.open(path.join(dir, 'users.json'));
    const { apiKey } = await users.create({
      name: 'bob',
      mspId: 'DeveloperMSP',
      enrollmentId: 'bob',
      accountId: 'DEV-ACME',
      role: 'VIEWER',
    });
    const fresh = await users.rotateKey('bob');
    expect(users.authenticate(apiKey)).to.equal(undefined);
    expect(users.authenticate(fresh)?.name).to.equal('bob');
  });

  it('refuses a second user with the same name (409)', async () => {
    const users = await UserDirectory.open(path.join(dir, 'users.json'));
    const spec = {
      name: 'carol',
      mspId: 'DeveloperMSP',
      enrollmentId: 'carol',
      accountId: 'DEV-ACME',
      role: 'ADMIN',
    } as const;
    await users.create(spec);
    let status = 0;
    try {
      await users.create(spec);
    } catch (err) {
      status = (err as { status: number }).status;
    }
    expect(status).to.equal(409);
  });
});
