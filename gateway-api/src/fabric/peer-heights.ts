import { setTimeout as sleep } from 'node:timers/promises';
import { type CredentialStore, type IdentityRef, signingCredentials } from '../identity/credentials';
import type { Logger } from '../log';
import { decodeChainInfo } from './blocks';
import type { CommitBarrier } from './commit-barrier';
import type { FabricConnections } from './connections';

/** One peer's committed blocks: its height when the stream opened, then the number of each block it commits. */
export interface HeightStream {
  readonly height: number;
  readonly blocks: AsyncIterable<number>;
  close(): void;
}

/** Opens the height stream of the peer of organisation `mspId`. */
export type OpenHeightStream = (mspId: string) => Promise<HeightStream>;

/**
 * Height streams from Fabric: each organisation's peer is asked its height (qscc GetChainInfo), then followed from
 * that block on with filtered block events (block numbers only), as `identity` (the site's own organisation admin:
 * any channel member may read blocks) through the gateway's shared connection to that peer.
 */
export function fabricHeightStreams(
  connections: FabricConnections,
  credentials: CredentialStore,
  identity: IdentityRef,
): OpenHeightStream {
  return async (mspId) => {
    const network = connections.networkFor(signingCredentials(await credentials.get(identity), identity), mspId);
    const info = await network.getContract('qscc').evaluateTransaction('GetChainInfo', connections.channelName);
    const { height } = decodeChainInfo(info);
    const events = await network.getFilteredBlockEvents({ startBlock: BigInt(height) });
    return {
      height,
      blocks: (async function* () {
        for await (const block of events) yield block.getNumber();
      })(),
      close: () => {
        events.close();
      },
    };
  };
}

export interface PeerHeightsOptions {
  readonly peers: readonly string[];
  readonly open: OpenHeightStream;
  readonly barrier: CommitBarrier;
  readonly logger: Pick<Logger, 'info' | 'warn'>;
  /** First pause before opening a failed stream again; doubled on each failure in a row, up to `maxBackoffMs`. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
}

/**
 * Keeps the barrier told each organisation peer's height: one block stream per peer, opened once and opened again
 * after a failure (with back-off). While a peer's stream is down, the barrier does not await that peer.
 */
export class PeerHeights {
  readonly #o: PeerHeightsOptions;
  readonly #open = new Map<string, HeightStream>();
  readonly #stop = new AbortController();
  readonly #following: Promise<void>[] = [];

  constructor(options: PeerHeightsOptions) {
    this.#o = options;
  }

  /** Starts following every peer; never throws (failures are logged and retried). */
  start(): void {
    for (const peer of this.#o.peers) this.#following.push(this.#follow(peer));
  }

  async #follow(peer: string): Promise<void> {
    const first = this.#o.backoffMs ?? 250;
    const max = this.#o.maxBackoffMs ?? 10_000;
    let failures = 0;
    while (!this.#stopped()) {
      const seen = { blocks: 0 };
      try {
        await this.#stream(peer, seen);
        if (!this.#stopped()) this.#o.logger.warn({ peer }, 'peer block stream ended; opening it again');
      } catch (err) {
        if (!this.#stopped()) this.#o.logger.warn({ peer, err }, 'peer block stream failed; opening it again');
      }
      this.#o.barrier.lost(peer);
      failures = seen.blocks > 0 ? 0 : failures + 1;
      await sleep(Math.min(max, first * 2 ** failures), undefined, { signal: this.#stop.signal }).catch(
        () => undefined,
      );
    }
  }

  /** Follows one stream until it ends or fails, counting the blocks it delivered in `seen`. */
  async #stream(peer: string, seen: { blocks: number }): Promise<void> {
    const stream = await this.#o.open(peer);
    if (this.#stopped()) {
      stream.close();
      return;
    }
    this.#open.set(peer, stream);
    this.#o.barrier.reached(peer, stream.height);
    this.#o.logger.info({ peer, height: stream.height }, 'following the peer’s committed blocks');
    try {
      for await (const blockNumber of stream.blocks) {
        // Also a mark to wait for: each organisation runs its own gateway, and a block another gateway committed
        // must be held by every peer before this gateway's next call reads or endorses.
        this.#o.barrier.committed(blockNumber, peer);
        seen.blocks++;
      }
    } finally {
      this.#open.delete(peer);
      stream.close();
    }
  }

  #stopped(): boolean {
    return this.#stop.signal.aborted;
  }

  /** Closes every stream and stops opening them again; resolves once every follower has stopped. */
  async close(): Promise<void> {
    this.#stop.abort();
    for (const stream of this.#open.values()) stream.close();
    await Promise.all(this.#following);
  }
}
