import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { loadConfig, loadOrCreateWalletKey, parseWalletKey } from '../../src/config/config';

describe('configuration', () => {
  it('has documented defaults: 127.0.0.1:3000, NCR_HOME=<repo>/.ncr, network.json inside it', () => {
    const config = loadConfig({});
    expect(config.host).to.equal('127.0.0.1');
    expect(config.port).to.equal(3000);
    expect(config.ncrHome).to.match(/\/\.ncr$/);
    expect(config.networkConfigPath).to.equal(path.join(config.ncrHome, 'network.json'));
    expect(config.walletKey).to.equal(undefined);
    expect(config.deadlines.evaluateMs).to.be.greaterThan(0);
    expect(config.publicRateLimitPerMinute).to.equal(300);
    expect(config.healthCacheMs).to.equal(3000);
  });

  it('fails fast, naming every invalid variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', WALLET_KEY: 'short', NCR_MVCC_RETRIES: '-1' })).to.throw(
      /PORT.*WALLET_KEY.*NCR_MVCC_RETRIES/s,
    );
  });

  it('accepts a 32-byte wallet key as hex or base64', () => {
    const hex = 'ab'.repeat(32);
    expect(parseWalletKey(hex)).to.deep.equal(Buffer.from(hex, 'hex'));
    expect(parseWalletKey(Buffer.from(hex, 'hex').toString('base64'))).to.deep.equal(Buffer.from(hex, 'hex'));
    expect(loadConfig({ WALLET_KEY: hex }).walletKey).to.deep.equal(Buffer.from(hex, 'hex'));
  });

  it('creates the wallet key file once (mode 0600) and loads the same key afterwards', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ncr-key-'));
    try {
      const file = path.join(dir, 'gateway', 'wallet.key');
      const key = loadOrCreateWalletKey(file);
      expect(key.length).to.equal(32);
      expect((await stat(file)).mode & 0o777).to.equal(0o600);
      expect(loadOrCreateWalletKey(file)).to.deep.equal(key);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
