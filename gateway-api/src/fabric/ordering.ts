import type { Commit, Status } from '@hyperledger/fabric-gateway';
import { cachedFor } from '../cache';
import { CommitStatusUnknownError, LedgerUnavailableError } from '../errors';
import { mapFabricError } from './errors';
import type { NetworkConfig } from './network-config';

/** An orderer node as network.json lists it: its operations endpoint answers `/healthz` and `/metrics`. */
export interface OrdererTarget {
  readonly mspId: string;
  readonly name: string;
  readonly operationsUrl: string;
}

export interface OrdererHealth {
  readonly mspId: string;
  readonly orderer: string;
  readonly reachable: boolean;
  /** Whether it leads the channel's Raft cluster (its metrics); null when it did not say. */
  readonly leader: boolean | null;
}

export interface OrderingHealth {
  /** `unavailable`: fewer than a majority of orderers run, so nothing can be ordered; `degraded`: some are down. */
  readonly status: 'ok' | 'degraded' | 'unavailable';
  readonly reachable: number;
  /** How many orderers must run for Raft to order: a majority of the cluster. */
  readonly quorum: number;
  readonly leader: string | null;
  readonly orderers: OrdererHealth[];
}

/** The orderers network.json lists (older files list none). */
export function orderersOf(network: NetworkConfig): OrdererTarget[] {
  return Object.entries(network.orgs).flatMap(([mspId, org]) =>
    org.orderer === undefined ? [] : [{ mspId, name: org.orderer.name, operationsUrl: org.orderer.operationsUrl }],
  );
}

/** Whether the orderers that said anything about the leadership all said they do not lead. */
function leaderless(orderers: readonly OrdererHealth[]): boolean {
  return orderers.some((o) => o.leader !== null) && !orderers.some((o) => o.leader === true);
}

/** The ordering service as a whole, from what each orderer said. */
export function orderingHealth(orderers: OrdererHealth[]): OrderingHealth {
  const reachable = orderers.filter((o) => o.reachable).length;
  const quorum = Math.floor(orderers.length / 2) + 1;
  const leader = orderers.find((o) => o.leader === true)?.orderer ?? null;
  const status =
    reachable < quorum ? 'unavailable' : reachable < orderers.length || leaderless(orderers) ? 'degraded' : 'ok';
  return { status, reachable, quorum, leader, orderers };
}

/** `consensus_etcdraft_is_leader{channel="<channel>"} 1` in the Prometheus text of an orderer; null if absent. */
export function raftLeader(metrics: string, channel: string): boolean | null {
  const line = metrics
    .split('\n')
    .find((l) => l.startsWith('consensus_etcdraft_is_leader{') && l.includes(`channel="${channel}"`));
  if (line === undefined) return null;
  return Number(line.trim().split(/\s+/).pop()) === 1;
}

export type FetchText = (url: string, timeoutMs: number) => Promise<{ ok: boolean; text: string }>;

const fetchText: FetchText = async (url, timeoutMs) => {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { ok: response.ok, text: await response.text() };
};

export interface OrderingProbeOptions {
  /** How long one answer of the orderers is reused (and how often a waiting commit looks again). */
  readonly intervalMs?: number;
  readonly timeoutMs?: number;
  readonly fetch?: FetchText;
}

/**
 * Watches the ordering service through the orderers' operations endpoints, so that writes fail fast while a
 * majority of orderers is down instead of waiting for a commit that cannot come: before endorsing (503
 * LEDGER_UNAVAILABLE, nothing sent) and while waiting for a commit status (503 COMMIT_STATUS_UNKNOWN with the
 * txId: the transaction may still commit once the orderers return), also when an orderer stops during the wait.
 */
export class OrderingProbe {
  readonly #targets: readonly OrdererTarget[];
  readonly #channel: string;
  readonly #intervalMs: number;
  readonly #timeoutMs: number;
  readonly #fetch: FetchText;
  readonly health: () => Promise<OrderingHealth>;

  constructor(targets: readonly OrdererTarget[], channel: string, options: OrderingProbeOptions = {}) {
    this.#targets = targets;
    this.#channel = channel;
    this.#intervalMs = options.intervalMs ?? 1_000;
    this.#timeoutMs = options.timeoutMs ?? 2_000;
    this.#fetch = options.fetch ?? fetchText;
    this.health = cachedFor(this.#intervalMs, () => this.#probe());
  }

  /** A probe of the orderers network.json lists, or undefined when it lists none. */
  static fromNetwork(network: NetworkConfig, options?: OrderingProbeOptions): OrderingProbe | undefined {
    const targets = orderersOf(network);
    return targets.length === 0 ? undefined : new OrderingProbe(targets, network.channel, options);
  }

  async #probe(): Promise<OrderingHealth> {
    return orderingHealth(await Promise.all(this.#targets.map((target) => this.#observe(target))));
  }

  async #observe(target: OrdererTarget): Promise<OrdererHealth> {
    const get = (path: string) => this.#fetch(`${target.operationsUrl}${path}`, this.#timeoutMs).catch(() => undefined);
    const [healthz, metrics] = await Promise.all([get('/healthz'), get('/metrics')]);
    const reachable = healthz?.ok === true;
    const leader = reachable && metrics?.ok === true ? raftLeader(metrics.text, this.#channel) : null;
    return { mspId: target.mspId, orderer: target.name, reachable, leader };
  }

  /**
   * Throws 503 LEDGER_UNAVAILABLE (with Retry-After) when fewer than a majority of orderers run, or while the running
   * orderers report no Raft leader (the leader died and the election is under way): a follower would forward the
   * transaction to the dead leader and hold it until its cluster timeout, so nothing is sent until a leader leads.
   */
  async assertCanOrder(): Promise<OrderingHealth> {
    const health = await this.health();
    if (health.status === 'unavailable') {
      throw new LedgerUnavailableError(
        `the ordering service has lost its quorum (${health.reachable} of ${health.orderers.length} orderers ` +
          `running, ${health.quorum} needed); nothing was submitted: retry later`,
        { retryAfterSeconds: 2 },
      );
    }
    if (leaderless(health.orderers)) {
      throw new LedgerUnavailableError(
        'the ordering service is electing a new Raft leader; nothing was submitted: retry in a second',
        { retryAfterSeconds: 1 },
      );
    }
    return health;
  }

  /**
   * `waiting`, or 503 COMMIT_STATUS_UNKNOWN for `txId` as soon as the orderers lose their quorum, or have no Raft
   * leader, or an orderer that ran when the wait began (or as `since` saw them: the check before endorsement) stops:
   * it may have held the transaction (a leader's pending batch, a follower that had not forwarded it yet), which then
   * never commits, and the wait would last the whole commit-status deadline. A retry with the same Idempotency-Key
   * sends the same transaction again (the ledger commits a txId at most once).
   */
  guard<T>(txId: string, waiting: Promise<T>, since?: OrderingHealth): Promise<T> {
    const before = since === undefined ? this.health() : Promise.resolve(since);
    return new Promise<T>((resolve, reject) => {
      const timer = setInterval(() => {
        void Promise.all([before, this.health()]).then(([start, now]) => {
          const why = lostSince(start, now);
          if (why === undefined) return;
          clearInterval(timer);
          reject(new CommitStatusUnknownError(txId, { cause: new Error(why), retryAfterSeconds: 1 }));
        });
      }, this.#intervalMs);
      const settle = (): void => {
        clearInterval(timer);
      };
      waiting.then(
        (value) => {
          settle();
          resolve(value);
        },
        (err: unknown) => {
          settle();
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }
}

/** Why a transaction sent while the orderers were as `start` says may never commit, now that they are as `now`. */
export function lostSince(start: OrderingHealth, now: OrderingHealth): string | undefined {
  if (now.status === 'unavailable') {
    return `ordering quorum lost (${now.reachable} of ${now.orderers.length} orderers running)`;
  }
  const stopped = start.orderers.filter(
    (o) => o.reachable && now.orderers.some((n) => n.orderer === o.orderer && !n.reachable),
  );
  if (stopped.length > 0) return `${stopped.map((o) => o.orderer).join(', ')} stopped during the wait`;
  // A follower holds what it received until it can forward it to a leader: the dead one's successor, or none.
  return leaderless(now.orderers) ? 'the orderers have no Raft leader (an election is under way)' : undefined;
}

/**
 * Sends an endorsed transaction and waits for its commit status (`send` answers the commit-status request: the
 * submitted transaction's own, or one its owner signed offline). From here on the orderer may have it, so any
 * failure is an unknown outcome carrying the txId, never a clean "unavailable"; the wait ends early when the
 * orderers lose their quorum or one of them stops (`probe`). The guard covers the sending too: an orderer that
 * forwards to a Raft leader which has just died holds the hand-over until the submit deadline (5 s), which the
 * client would otherwise wait out before it could retry.
 */
export async function orderTransaction(
  txId: string,
  send: () => Promise<Pick<Commit, 'getStatus'>>,
  probe: OrderingProbe | undefined,
  since?: OrderingHealth,
): Promise<Status> {
  try {
    const status = send().then((submitted) => submitted.getStatus());
    return await (probe === undefined ? status : probe.guard(txId, status, since));
  } catch (err) {
    const mapped = mapFabricError(err);
    throw mapped instanceof CommitStatusUnknownError ? mapped : new CommitStatusUnknownError(txId, { cause: err });
  }
}
