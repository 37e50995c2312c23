import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { common } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import sinon from 'sinon';
import { blockHeaderHash } from '../../src/fabric/blocks';
import { explorerConfigSchema } from '../../src/explorer/config';
import { metricValue, NodeProbe } from '../../src/explorer/nodes';
import { Explorer } from '../../src/explorer/service';
import type { ExplorerLedger } from '../../src/explorer/source';
import type { NetworkConfig } from '../../src/fabric/network-config';
import { decodeCommittedBlock } from '../../src/read-model/decode';
import { ReadModelStore } from '../../src/read-model/store';
import { type TestApp, call, errorOf, startTestApp } from './helpers';

/** A configuration block as a peer returns it: one envelope, its data hash and previous hash set. */
function configBlock(number: number, previousHash: Uint8Array): Uint8Array {
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.CONFIG);
  channelHeader.setTxId('');
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  const payload = new common.Payload();
  payload.setHeader(header);
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  const entry = envelope.serializeBinary();
  const blockHeader = new common.BlockHeader();
  blockHeader.setNumber(number);
  blockHeader.setPreviousHash(previousHash);
  blockHeader.setDataHash(createHash('sha256').update(entry).digest());
  const data = new common.BlockData();
  data.setDataList([entry]);
  const block = new common.Block();
  block.setHeader(blockHeader);
  block.setData(data);
  return block.serializeBinary();
}

const CONFIG = explorerConfigSchema.parse({
  title: 'Explorer',
  publicTitle: 'Register',
  channels: ['ncr'],
  nodes: [{ name: 'orderer0', mspId: 'GovernmentMSP', kind: 'orderer', operationsUrl: 'http://127.0.0.1:1' }],
  public: { projects: ['id'], issuances: ['txId'], retirements: ['txId', 'quantity'] },
});

const NETWORK = {
  channel: 'ncr',
  orgs: { GovernmentMSP: { peer: { name: 'peer0.government' } }, DeveloperMSP: { peer: { name: 'peer0.developer' } } },
} as unknown as NetworkConfig;

/** An async iterable over `items`. */
async function* toAsync<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield await Promise.resolve(item);
}

/** A read model that has followed `blocks` (in `dir`): its running transaction count. */
function readModelOf(dir: string, blocks: Uint8Array[]): () => ReadModelStore {
  const file = path.join(dir, 'registry.sqlite');
  const writer = ReadModelStore.openWriter(file);
  for (const raw of blocks) writer.applyBlock(decodeCommittedBlock(raw, 'registry'));
  writer.close();
  return () => ReadModelStore.openReader(file);
}

/** The ledger view over `blocks`; `_lifecycle` refuses, as it would an identity outside the channel's Readers. */
function ledgerOf(blocks: Uint8Array[]): { ledger: ExplorerLedger; rawBlock: sinon.SinonSpy } {
  const rawBlock = sinon.spy((_actor: unknown, _channel: string, n: number) => {
    const found = blocks[n];
    return found === undefined ? Promise.reject(new Error('no such block')) : Promise.resolve(found);
  });
  const ledger: ExplorerLedger = {
    rawBlock,
    rawBlockByTxId: () => Promise.reject(new Error('not used')),
    chainInfo: () => Promise.resolve({ height: blocks.length, currentBlockHash: '', previousBlockHash: '' }),
    chaincodeDefinitions: () => Promise.reject(new Error('access denied')),
    // The committed blocks from `start` on, then the stream ends (a real one waits for the next block).
    blockEvents: (_actor, _channel, start) =>
      Promise.resolve({
        close: () => undefined,
        [Symbol.asyncIterator]: () => toAsync(blocks.slice(start))[Symbol.asyncIterator](),
      }),
  };
  return { ledger, rawBlock };
}

describe('Explorer routes (a test double of the ledger view)', () => {
  let app: TestApp;
  let view: ReturnType<typeof ledgerOf>;
  let dir: string;
  const block0 = configBlock(0, new Uint8Array());

  before(async () => {
    const first = common.Block.deserializeBinary(block0).getHeader();
    const block1 = configBlock(
      1,
      Buffer.from(blockHeaderHash(0n, new Uint8Array(), first?.getDataHash_asU8() ?? new Uint8Array()), 'hex'),
    );
    view = ledgerOf([block0, block1]);
    const fetch = sinon.stub().resolves({ ok: true, text: 'consensus_etcdraft_is_leader{channel="ncr"} 1\n' });
    const nodes = new NodeProbe(CONFIG.nodes === 'network' ? [] : CONFIG.nodes, fetch);
    dir = mkdtempSync(path.join(tmpdir(), 'ncr-explorer-'));
    app = await startTestApp({
      explorer: new Explorer({ ledger: view.ledger, config: CONFIG, network: NETWORK, nodes }),
      readModel: readModelOf(dir, [block0, block1]),
    });
  });

  after(async () => {
    await app.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a block with its raw bytes, exactly as the ledger view gave them', async () => {
    const reply = await call(app, 'GET', '/v1/explorer/blocks/0', { key: app.keys['gov-admin'] });
    expect(reply.status).to.equal(200);
    const body = reply.body as { raw: string; number: number; transactions: { type: string }[] };
    expect(Buffer.from(body.raw, 'base64').equals(Buffer.from(block0))).to.equal(true);
    expect(body.number).to.equal(0);
    expect(body.transactions.map((t) => t.type)).to.deep.equal(['CONFIG']);
  });

  it('lists blocks newest first, each one linking to the one below', async () => {
    const reply = await call(app, 'GET', '/v1/explorer/blocks', { key: app.keys['gov-admin'] });
    const items = (reply.body as { items: { number: number; hash: string; previousHash: string }[] }).items;
    expect(items.map((b) => b.number)).to.deep.equal([1, 0]);
    expect(items[0]?.previousHash).to.equal(items[1]?.hash);
  });

  it('summarises the channel: two transactions, the Raft leader, and why chaincode definitions are missing', async () => {
    const reads = view.rawBlock.callCount;
    const reply = await call(app, 'GET', '/v1/explorer/summary', { key: app.keys['gov-admin'] });
    const body = reply.body as {
      transactionCount: number;
      transactionCountHeight: number;
      raftLeader: string;
      chaincodes: { unavailable: string };
    };
    expect(body.transactionCount).to.equal(2);
    expect(body.transactionCountHeight).to.equal(2);
    // The count is the read model's: the summary reads no block.
    expect(view.rawBlock.callCount).to.equal(reads);
    expect(body.raftLeader).to.equal('orderer0');
    expect(body.chaincodes.unavailable).to.match(/_lifecycle refused/);
  });

  it('streams every block as a server-sent event, configuration blocks included, resuming after Last-Event-ID', async () => {
    const all = await call(app, 'GET', '/v1/explorer/stream?fromBlock=0', { key: app.keys['gov-admin'] });
    expect(all.status).to.equal(200);
    expect(all.headers.get('content-type')).to.match(/^text\/event-stream/);
    const events = all.text.split('\n\n').filter((m) => m.startsWith('id: '));
    expect(events.map((m) => m.split('\n').slice(0, 2))).to.deep.equal([
      ['id: 0', 'event: block'],
      ['id: 1', 'event: block'],
    ]);
    const data = JSON.parse(events[1]?.split('\n')[2]?.slice('data: '.length) ?? '') as Record<string, unknown>;
    expect(data).to.include({ number: 1, txCount: 1 });
    const resumed = await call(app, 'GET', '/v1/explorer/stream', {
      key: app.keys['gov-admin'],
      headers: { 'last-event-id': '0' },
    });
    expect(resumed.text).to.contain('id: 1\n').and.not.contain('id: 0\n');
  });

  it('refuses the block stream to a developer', async () => {
    const reply = await call(app, 'GET', '/v1/explorer/stream', { key: app.keys['dev-admin'] });
    expect(reply.status).to.equal(403);
  });

  it('asks every organisation’s peer for the block hash', async () => {
    const reply = await call(app, 'GET', '/v1/explorer/blocks/1/peers', { key: app.keys['gov-admin'] });
    const items = (reply.body as { items: { mspId: string; hash: string }[] }).items;
    expect(items.map((i) => i.mspId)).to.deep.equal(['GovernmentMSP', 'DeveloperMSP']);
    expect(new Set(items.map((i) => i.hash)).size).to.equal(1);
  });

  it('is 403 FORBIDDEN for a developer, before any ledger read', async () => {
    const reads = view.rawBlock.callCount;
    const reply = await call(app, 'GET', '/v1/explorer/blocks/0', { key: app.keys['dev-admin'] });
    expect(reply.status).to.equal(403);
    expect(view.rawBlock.callCount).to.equal(reads);
  });

  it('is 404 for a channel the configuration does not list', async () => {
    const reply = await call(app, 'GET', '/v1/explorer/blocks/0?channel=other', { key: app.keys['gov-admin'] });
    expect(reply.status).to.equal(404);
  });

  it('tells the published fields without a key', async () => {
    const reply = await call(app, 'GET', '/v1/public/about');
    expect(reply.status).to.equal(200);
    expect(reply.body).to.deep.equal({ title: 'Register', fields: CONFIG.public });
  });

  it('answers public lists a page at a time, and refuses a cursor or page size it does not make with 400', async () => {
    const empty = await call(app, 'GET', '/v1/public/retirements?limit=5');
    expect(empty.status).to.equal(200);
    expect(empty.body).to.deep.equal({ items: [], next: null, blockHeight: 2 });
    for (const query of [
      'retirements?before=abc',
      'retirements?before=0',
      'issuances?limit=101',
      'projects?after=GHA-P-0A1B2C3D4E',
      'projects?after=1.not-a-project',
    ]) {
      const reply = await call(app, 'GET', `/v1/public/${query}`);
      expect(reply.status, query).to.equal(400);
      expect(errorOf(reply).code, query).to.equal('VALIDATION');
    }
  });
});

describe('Explorer configuration and operations metrics', () => {
  it('refuses a public field the register cannot publish', () => {
    const result = explorerConfigSchema.safeParse({ ...CONFIG, public: { ...CONFIG.public, projects: ['secret'] } });
    expect(result.success).to.equal(false);
  });

  it('reads a sample of the channel from Prometheus text', () => {
    const text = 'ledger_blockchain_height{channel="other"} 3\nledger_blockchain_height{channel="ncr"} 42\n';
    expect(metricValue(text, 'ledger_blockchain_height', 'ncr')).to.equal(42);
    expect(metricValue(text, 'consensus_etcdraft_is_leader', 'ncr')).to.equal(null);
  });
});
