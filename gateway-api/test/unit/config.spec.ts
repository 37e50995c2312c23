import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import {
  keptBesideData,
  loadConfig,
  loadOrCreateWalletKey,
  parseWalletKey,
  resolveWalletKey,
  walletKeyPath,
} from '../../src/config/config';

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
    expect(config.catchUpWaitMs).to.equal(3000);
    expect(loadConfig({ NCR_CATCH_UP_WAIT_MS: '0' }).catchUpWaitMs, '0 turns the wait off').to.equal(0);
    expect(config.readModelMinFreeBytes).to.equal(1_048_576);
    expect(loadConfig({ NCR_READMODEL_MIN_FREE_BYTES: '0' }).readModelMinFreeBytes, '0 turns the check off').to.equal(
      0,
    );
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

  describe('wallet key location', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'ncr-keyhome-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });
    const env = () => ({ NCR_HOME: path.join(dir, 'ncr-home'), XDG_CONFIG_HOME: path.join(dir, 'config') });

    it('is created outside NCR_HOME by default, under $XDG_CONFIG_HOME/ncr/<network id>/ (mode 0600)', async () => {
      const config = loadConfig(env());
      const key = resolveWalletKey(config);
      expect(existsSync(path.join(config.gatewayHome, 'wallet.key')), 'key beside the data').to.equal(false);
      const [network] = await readdir(path.join(dir, 'config', 'ncr'));
      expect(network).to.match(/^ncr-[0-9a-f]{12}$/);
      const file = path.join(dir, 'config', 'ncr', network!, 'wallet.key');
      expect((await stat(file)).mode & 0o777).to.equal(0o600);
      expect(parseWalletKey(await readFile(file, 'utf8'))).to.deep.equal(key);
      expect(resolveWalletKey(loadConfig(env())), 'the same key on the next start').to.deep.equal(key);
    });

    it('moves a key left beside the data by an earlier version out of NCR_HOME, keeping the same key', () => {
      const config = loadConfig(env());
      const legacy = path.join(config.gatewayHome, 'wallet.key');
      const key = loadOrCreateWalletKey(legacy);
      expect(resolveWalletKey(config)).to.deep.equal(key);
      expect(existsSync(legacy)).to.equal(false);
      expect(keptBesideData(config, walletKeyPath(config))).to.equal(false);
    });

    it('takes NCR_WALLET_KEY_FILE as given, and says when that file is inside NCR_HOME', () => {
      const outside = loadConfig({ ...env(), NCR_WALLET_KEY_FILE: path.join(dir, 'keys', 'k') });
      expect(walletKeyPath(outside)).to.equal(path.join(dir, 'keys', 'k'));
      expect(keptBesideData(outside, walletKeyPath(outside))).to.equal(false);
      const inside = loadConfig({ ...env(), NCR_WALLET_KEY_FILE: path.join(dir, 'ncr-home', 'gateway', 'k') });
      expect(keptBesideData(inside, walletKeyPath(inside))).to.equal(true);
    });
  });
});
