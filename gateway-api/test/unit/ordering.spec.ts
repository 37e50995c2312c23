import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import sinon from 'sinon';
import { CommitStatusUnknownError, LedgerUnavailableError } from '../../src/errors';
import {
  type FetchText,
  type OrdererHealth,
  OrderingProbe,
  lostSince,
  orderTransaction,
  orderersOf,
  orderingHealth,
  raftLeader,
} from '../../src/fabric/ordering';
import type { SubmittedTransaction } from '@hyperledger/fabric-gateway';
import type { FabricConnections } from '../../src/fabric/connections';
import { FabricLedger } from '../../src/fabric/ledger';
import type { NetworkConfig } from '../../src/fabric/network-config';
import { Metrics } from '../../src/metrics';
import { call, startTestApp, stubLedger } from './helpers';

const ORDERERS = ['orderer0.government.ncr', 'orderer0.certifier.ncr', 'orderer0.developer.ncr'];
const targets = ORDERERS.map((name, i) => ({
  mspId: `Org${i}MSP`,
  name,
  operationsUrl: `http://127.0.0.1:${9000 + i}`,
}));

const node = (orderer: string, reachable: boolean, leader: boolean | null = false): OrdererHealth => ({
  mspId: 'GovernmentMSP',
  orderer,
  reachable,
  leader: reachable ? leader : null,
});

const metricsText = (leader: boolean): string =>
  '# HELP consensus_etcdraft_is_leader The leadership status of the current node\n' +
  `consensus_etcdraft_is_leader{channel="other"} 1\nconsensus_etcdraft_is_leader{channel="ncr"} ${leader ? 1 : 0}\n`;

/** Operations endpoints that answer while `up` says so; the first orderer leads unless `leader` names another. */
function operations(up: Set<string>, leader: () => string = () => ORDERERS[0]!): FetchText {
  return (url) => {
    const index = targets.findIndex((t) => url.startsWith(t.operationsUrl));
    if (!up.has(ORDERERS[index]!)) return Promise.reject(new TypeError('fetch failed: ECONNREFUSED'));
    const leads = ORDERERS[index] === leader();
    return Promise.resolve({ ok: true, text: url.endsWith('/metrics') ? metricsText(leads) : '{"status":"OK"}' });
  };
}

describe('ordering service health (orderers’ operations endpoints)', () => {
  it('is ok with every orderer up and a leader, degraded with one down or no leader, unavailable below a majority', () => {
    const [a, b, c] = ORDERERS as [string, string, string];
    expect(orderingHealth([node(a, true, true), node(b, true), node(c, true)])).to.include({
      status: 'ok',
      reachable: 3,
      quorum: 2,
      leader: a,
    });
    expect(orderingHealth([node(a, false), node(b, true, true), node(c, true)]).status).to.equal('degraded');
    expect(orderingHealth([node(a, true), node(b, true), node(c, true)]).status).to.equal('degraded');
    expect(orderingHealth([node(a, true, null), node(b, true, null), node(c, true, null)]).status).to.equal('ok');
    expect(orderingHealth([node(a, false), node(b, false), node(c, true)])).to.include({
      status: 'unavailable',
      reachable: 1,
      leader: null,
    });
  });

  it('reads the Raft leadership of the network’s channel only', () => {
    expect(raftLeader(metricsText(true), 'ncr')).to.equal(true);
    expect(raftLeader(metricsText(false), 'ncr')).to.equal(false);
    expect(raftLeader('go_goroutines 12\n', 'ncr')).to.equal(null);
  });

  it('takes the orderers from network.json, none from an older file', () => {
    const org = (orderer?: { name: string; endpoint: string; operationsUrl: string }) => ({
      key: 'government',
      peer: { name: 'peer0', endpoint: '127.0.0.1:7051', tlsCACertPath: '/ca' },
      ...(orderer === undefined ? {} : { orderer }),
      ca: {
        url: 'https://127.0.0.1:7054',
        caName: 'ca',
        tlsCACertPath: '/ca',
        registrar: { enrollmentId: 'r', secret: 's' },
      },
      admin: { enrollmentId: 'a', certPath: '/c', keyPath: '/k' },
      gatewayUrl: 'http://127.0.0.1:3000',
    });
    const network: NetworkConfig = {
      channel: 'ncr',
      chaincode: 'registry',
      orgs: { GovernmentMSP: org({ name: 'o0', endpoint: '127.0.0.1:7050', operationsUrl: 'http://127.0.0.1:7443' }) },
    };
    expect(orderersOf(network)).to.deep.equal([
      { mspId: 'GovernmentMSP', name: 'o0', operationsUrl: 'http://127.0.0.1:7443' },
    ]);
    expect(OrderingProbe.fromNetwork({ ...network, orgs: { GovernmentMSP: org() } })).to.equal(undefined);
  });

  it('refuses a write before anything is sent (503 LEDGER_UNAVAILABLE, Retry-After) while a majority is down', async () => {
    const up = new Set(ORDERERS);
    const probe = new OrderingProbe(targets, 'ncr', { intervalMs: 0, fetch: operations(up) });
    await probe.assertCanOrder();
    up.delete(ORDERERS[2]!);
    await probe.assertCanOrder(); // one down: Raft still orders
    up.delete(ORDERERS[1]!);
    const err: unknown = await probe.assertCanOrder().catch((e: unknown) => e);
    expect(err).to.be.instanceOf(LedgerUnavailableError);
    expect(err).to.include({ status: 503, code: 'LEDGER_UNAVAILABLE', retryAfterSeconds: 2, txId: undefined });
    expect((err as Error).message).to.contain('1 of 3 orderers running, 2 needed');
  });

  it('refuses a write before anything is sent (503, Retry-After: 1) from the Raft leader’s death until a new one leads', async () => {
    const up = new Set(ORDERERS);
    let leader = ORDERERS[0]!;
    const probe = new OrderingProbe(targets, 'ncr', { intervalMs: 0, fetch: operations(up, () => leader) });
    await probe.assertCanOrder();
    up.delete(ORDERERS[0]!);
    const err: unknown = await probe.assertCanOrder().catch((e: unknown) => e);
    expect(err).to.be.instanceOf(LedgerUnavailableError);
    expect(err).to.include({ status: 503, code: 'LEDGER_UNAVAILABLE', retryAfterSeconds: 1, txId: undefined });
    expect((err as Error).message).to.contain('electing a new Raft leader');
    leader = ORDERERS[1]!;
    await probe.assertCanOrder(); // two of three run and one leads: orders again
  });

  it('ends a commit wait with 503 COMMIT_STATUS_UNKNOWN and the txId once the quorum is lost meanwhile', async () => {
    const up = new Set(ORDERERS);
    const probe = new OrderingProbe(targets, 'ncr', { intervalMs: 10, fetch: operations(up) });
    const never = new Promise<string>(() => undefined);
    const waiting = probe.guard('tx-1', never).catch((e: unknown) => e);
    await sleep(30);
    up.delete(ORDERERS[1]!);
    up.delete(ORDERERS[2]!);
    const err = await waiting;
    expect(err).to.be.instanceOf(CommitStatusUnknownError);
    expect(err).to.include({ status: 503, code: 'COMMIT_STATUS_UNKNOWN', txId: 'tx-1' });
  });

  it('ends a commit wait as well when one orderer that ran at its start stops (it may have held the transaction)', async () => {
    const up = new Set(ORDERERS);
    const probe = new OrderingProbe(targets, 'ncr', { intervalMs: 10, fetch: operations(up) });
    const waiting = probe.guard('tx-4', new Promise<string>(() => undefined)).catch((e: unknown) => e);
    await sleep(30);
    up.delete(ORDERERS[0]!);
    const err = await waiting;
    expect(err).to.include({ status: 503, code: 'COMMIT_STATUS_UNKNOWN', txId: 'tx-4', retryAfterSeconds: 1 });
    expect(((err as Error).cause as Error).message).to.equal(`${ORDERERS[0]} stopped during the wait`);
  });

  it('ends a hand-over to the orderers that hangs (a dead Raft leader) as soon as an orderer stops', async () => {
    const up = new Set(ORDERERS);
    const probe = new OrderingProbe(targets, 'ncr', { intervalMs: 10, fetch: operations(up) });
    const handOver = new Promise<SubmittedTransaction>(() => undefined);
    const waiting = orderTransaction('tx-5', () => handOver, probe).catch((e: unknown) => e);
    await sleep(30);
    up.delete(ORDERERS[0]!);
    const err = await waiting;
    expect(err).to.be.instanceOf(CommitStatusUnknownError);
    expect(err).to.include({ status: 503, code: 'COMMIT_STATUS_UNKNOWN', txId: 'tx-5', retryAfterSeconds: 1 });
  });

  it('measures a stopped orderer from the check before endorsement when given, not from the start of the wait', async () => {
    const up = new Set(ORDERERS);
    const probe = new OrderingProbe(targets, 'ncr', { intervalMs: 10, fetch: operations(up, () => ORDERERS[1]!) });
    const checked = await probe.assertCanOrder();
    up.delete(ORDERERS[2]!); // a follower stops while the transaction is endorsed
    await sleep(20);
    const handOver = new Promise<SubmittedTransaction>(() => undefined);
    const err = await orderTransaction('tx-6', () => handOver, probe, checked).catch((e: unknown) => e);
    expect(err).to.include({ status: 503, code: 'COMMIT_STATUS_UNKNOWN', txId: 'tx-6' });
    expect(((err as Error).cause as Error).message).to.equal(`${ORDERERS[2]} stopped during the wait`);
  });

  it('does not end a wait for an orderer that was already down when it began, nor when one returns', () => {
    const [a, b, c] = ORDERERS as [string, string, string];
    const oneDown = orderingHealth([node(a, false), node(b, true, true), node(c, true)]);
    const allUp = orderingHealth([node(a, true), node(b, true, true), node(c, true)]);
    expect(lostSince(oneDown, oneDown)).to.equal(undefined);
    expect(lostSince(oneDown, allUp)).to.equal(undefined);
    expect(lostSince(allUp, oneDown)).to.equal(`${a} stopped during the wait`);
    const noQuorum = orderingHealth([node(a, false), node(b, false), node(c, true)]);
    expect(lostSince(oneDown, noQuorum)).to.equal('ordering quorum lost (1 of 3 orderers running)');
  });

  it('ends a wait while the running orderers have no Raft leader, even if the dead leader was down at its start', () => {
    const [a, b, c] = ORDERERS as [string, string, string];
    const leaderDown = orderingHealth([node(a, false), node(b, true), node(c, true)]);
    expect(leaderDown.leader).to.equal(null);
    expect(lostSince(leaderDown, leaderDown)).to.equal('the orderers have no Raft leader (an election is under way)');
    const newLeader = orderingHealth([node(a, false), node(b, true, true), node(c, true)]);
    expect(lostSince(leaderDown, newLeader)).to.equal(undefined);
  });

  it('passes a commit status (or its failure) through while the quorum holds', async () => {
    const probe = new OrderingProbe(targets, 'ncr', { intervalMs: 5, fetch: operations(new Set(ORDERERS)) });
    expect(
      await probe.guard(
        'tx-2',
        sleep(30).then(() => 'VALID'),
      ),
    ).to.equal('VALID');
    const failure = new Error('commit status unreadable');
    expect(await probe.guard('tx-3', Promise.reject(failure)).catch((e: unknown) => e)).to.equal(failure);
  });
});

describe('ledger facade with the ordering probe', () => {
  it('proposes nothing while a majority of orderers is down, and proposes again once one returns', async () => {
    const up = new Set([ORDERERS[0]!]);
    const newProposal = sinon.stub().returns({
      getTransactionId: () => 'tx',
      endorse: () => Promise.reject(new Error('endorsed')),
    });
    const connections = {
      chaincodeName: 'registry',
      channelName: 'ncr',
      networkFor: () => ({ getContract: () => ({ newProposal }) }),
    } as unknown as FabricConnections;
    const actor = { mspId: 'DeveloperMSP', enrollmentId: 'alice' };
    const ledger = new FabricLedger({
      connections,
      credentials: {
        get: () => Promise.resolve({ ...actor, certificate: 'c', privateKey: 'k' }),
        put: () => Promise.resolve(),
      },
      metrics: new Metrics({ defaultMetrics: false }),
      logger: pino({ level: 'silent' }),
      mvccRetries: 0,
      ordering: new OrderingProbe(targets, 'ncr', { intervalMs: 0, fetch: operations(up) }),
    });
    const refused: unknown = await ledger.submit(actor, 'credits', 'Transfer', {}).catch((e: unknown) => e);
    expect(refused).to.include({ status: 503, code: 'LEDGER_UNAVAILABLE' });
    expect(newProposal.callCount).to.equal(0);
    up.add(ORDERERS[1]!);
    await ledger.submit(actor, 'credits', 'Transfer', {}).catch((e: unknown) => e);
    expect(newProposal.callCount).to.equal(1);
  });
});

describe('/v1/health with the orderers', () => {
  const chain = { height: 7, currentBlockHash: 'ab'.repeat(32), previousBlockHash: 'cd'.repeat(32) };
  const peer = { mspId: 'GovernmentMSP', peer: 'peer0.government.ncr', endpoint: '127.0.0.1:7051', reachable: true };

  async function healthWith(up: Set<string>): Promise<{ status: number; body: Record<string, unknown> }> {
    const ledger = stubLedger();
    ledger.chainInfo.resolves(chain);
    ledger.peers.resolves([peer]);
    const ordering = new OrderingProbe(targets, 'ncr', { intervalMs: 0, fetch: operations(up) });
    const app = await startTestApp({ ledger, ordering });
    try {
      const reply = await call(app, 'GET', '/v1/health');
      return { status: reply.status, body: reply.body as Record<string, unknown> };
    } finally {
      await app.cleanup();
    }
  }

  it('says ok with every orderer up, naming the Raft leader', async () => {
    const { status, body } = await healthWith(new Set(ORDERERS));
    expect(status).to.equal(200);
    expect(body.status).to.equal('ok');
    expect(body.ordering).to.deep.equal({ status: 'ok', reachable: 3, quorum: 2, leader: ORDERERS[0] });
    expect(body.down).to.deep.equal([]);
    expect(body.peers).to.deep.equal([peer]);
  });

  it('reports a lost ordering quorum: degraded, ordering unavailable, and which orderers are down', async () => {
    const { status, body } = await healthWith(new Set([ORDERERS[2]!]));
    expect(status).to.equal(200); // the ledger can still be read
    expect(body.status).to.equal('degraded');
    expect(body.ordering).to.deep.equal({ status: 'unavailable', reachable: 1, quorum: 2, leader: null });
    expect(body.down).to.deep.equal([ORDERERS[0], ORDERERS[1]]);
    expect((body.ledger as { height: number }).height).to.equal(7);
  });
});
