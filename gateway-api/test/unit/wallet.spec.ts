import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { inCustody } from '../../src/identity/credentials';
import { EncryptedFileWallet, seal, unseal } from '../../src/identity/wallet';

const credentials = {
  mspId: 'DeveloperMSP',
  enrollmentId: 'alice',
  certificate: '-----BEGIN CERTIFICATE-----\nMIIB...cert\n-----END CERTIFICATE-----\n',
  privateKey: '-----BEGIN PRIVATE KEY-----\nMIGH...secret-key-material\n-----END PRIVATE KEY-----\n',
};

describe('encrypted wallet', () => {
  let dir: string;
  const key = randomBytes(32);
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ncr-wallet-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips credentials and keeps neither key nor certificate in clear on disk', async () => {
    const wallet = new EncryptedFileWallet(dir, key);
    await wallet.put(credentials);
    expect(await wallet.get({ mspId: 'DeveloperMSP', enrollmentId: 'alice' })).to.deep.equal(credentials);
    const [file] = await readdir(dir);
    const onDisk = await readFile(path.join(dir, file!), 'utf8');
    expect(onDisk).to.not.include('secret-key-material');
    expect(onDisk).to.not.include('BEGIN');
    expect(JSON.parse(onDisk)).to.include({ algorithm: 'AES-256-GCM', version: 1 });
  });

  it('keeps the certificate alone of an identity whose owner keeps its key, and lists every entry', async () => {
    const wallet = new EncryptedFileWallet(dir, key);
    const external = { mspId: 'DeveloperMSP', enrollmentId: 'carol@0a1b2c3d', certificate: credentials.certificate };
    await wallet.put(external);
    await wallet.put(credentials);
    expect(await wallet.get(external)).to.deep.equal(external);
    const entries = await wallet.entries();
    expect(entries.map((entry) => [entry.enrollmentId, inCustody(entry)]).sort()).to.deep.equal([
      ['alice', true],
      ['carol@0a1b2c3d', false],
    ]);
  });

  it('returns undefined for an identity it does not hold', async () => {
    expect(await new EncryptedFileWallet(dir, key).get({ mspId: 'DeveloperMSP', enrollmentId: 'bob' })).to.equal(
      undefined,
    );
  });

  it('refuses to open an entry with the wrong key', async () => {
    await new EncryptedFileWallet(dir, key).put(credentials);
    const other = new EncryptedFileWallet(dir, randomBytes(32));
    let failed = false;
    try {
      await other.get(credentials);
    } catch {
      failed = true;
    }
    expect(failed).to.equal(true);
  });

  it("refuses an entry copied over another identity's file (label bound as authenticated data)", async () => {
    const entry = seal(key, credentials);
    expect(() =>
      unseal(key, { ...entry, label: 'DeveloperMSP/mallory' }, { mspId: 'DeveloperMSP', enrollmentId: 'mallory' }),
    ).to.throw();
    const wallet = new EncryptedFileWallet(dir, key);
    await wallet.put(credentials);
    const [file] = await readdir(dir);
    await writeFile(path.join(dir, 'DeveloperMSP__mallory.json'), await readFile(path.join(dir, file!)));
    let failed = false;
    try {
      await wallet.get({ mspId: 'DeveloperMSP', enrollmentId: 'mallory' });
    } catch {
      failed = true;
    }
    expect(failed).to.equal(true);
  });

  it('detects tampering with the ciphertext', () => {
    const entry = seal(key, credentials);
    const bytes = Buffer.from(entry.ciphertext, 'base64');
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    expect(() => unseal(key, { ...entry, ciphertext: bytes.toString('base64') }, credentials)).to.throw();
  });

  it('rejects a key that is not 32 bytes', () => {
    expect(() => new EncryptedFileWallet(dir, randomBytes(16))).to.throw(/32 bytes/);
  });
});
