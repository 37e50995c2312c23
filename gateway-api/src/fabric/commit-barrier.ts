/** Schedules `fn` after `ms`; returns a function that cancels it. Injected so that tests drive time themselves. */
export type After = (ms: number, fn: () => void) => () => void;

const realAfter: After = (ms, fn) => {
  const timer = setTimeout(fn, ms);
  return () => {
    clearTimeout(timer);
  };
};

/** A peer that had not reached the awaited block when the wait ended: its key and its last known height. */
export interface LaggingPeer {
  readonly peer: string;
  readonly height: number;
}

/** How a wait ended: every awaited peer passed `mark`, or the bound was hit with these peers still behind. */
export type BarrierOutcome =
  | { readonly reached: true }
  | { readonly reached: false; readonly mark: number; readonly lagging: readonly LaggingPeer[] };

const REACHED: BarrierOutcome = { reached: true };

interface Waiter {
  readonly peers: readonly string[];
  readonly mark: number;
  done(outcome: BarrierOutcome): void;
}

/**
 * Read-your-writes across peers, as pure state: the highest block number of any transaction committed through the
 * gateway (the mark, which only grows) and each followed peer's height (blocks committed, which only grows). A wait
 * resolves as soon as every awaited peer has a height above the mark taken when the wait began (it holds that block),
 * or after a bound. Peers that are not followed (height unknown: their block stream is down) are not awaited.
 */
export class CommitBarrier {
  readonly #after: After;
  readonly #heights = new Map<string, number>();
  readonly #waiters = new Set<Waiter>();
  #mark = -1;

  constructor(after: After = realAfter) {
    this.#after = after;
  }

  /** The highest block number committed through the gateway, -1 before the first commit. */
  get mark(): number {
    return this.#mark;
  }

  /** The height of a followed peer, undefined when it is not followed. */
  heightOf(peer: string): number | undefined {
    return this.#heights.get(peer);
  }

  /**
   * A transaction committed in `blockNumber`. `peer`, whose commit status said so, holds that block: a followed
   * peer's height is raised at once rather than when its block stream tells.
   */
  committed(blockNumber: number, peer?: string): void {
    this.#mark = Math.max(this.#mark, blockNumber);
    if (peer !== undefined && this.#heights.has(peer)) this.reached(peer, blockNumber + 1);
  }

  /** `peer` is followed and has committed `height` blocks (a lower height than known changes nothing). */
  reached(peer: string, height: number): void {
    this.#heights.set(peer, Math.max(this.#heights.get(peer) ?? 0, height));
    this.#settle();
  }

  /** `peer` is no longer followed (its block stream failed): waits stop awaiting it until it is followed again. */
  lost(peer: string): void {
    this.#heights.delete(peer);
    this.#settle();
  }

  /** Resolves when every followed peer among `peers` holds the current mark's block, or after `boundMs`. */
  wait(peers: readonly string[], boundMs: number): Promise<BarrierOutcome> {
    const mark = this.#mark;
    if (this.#lagging(peers, mark).length === 0) return Promise.resolve(REACHED);
    return new Promise((resolve) => {
      let cancel = (): void => undefined;
      const waiter: Waiter = {
        peers,
        mark,
        done: (outcome) => {
          cancel();
          this.#waiters.delete(waiter);
          resolve(outcome);
        },
      };
      this.#waiters.add(waiter);
      cancel = this.#after(boundMs, () => {
        waiter.done({ reached: false, mark, lagging: this.#lagging(peers, mark) });
      });
    });
  }

  #lagging(peers: readonly string[], mark: number): LaggingPeer[] {
    return peers.flatMap((peer) => {
      const height = this.#heights.get(peer);
      return height === undefined || height > mark ? [] : [{ peer, height }];
    });
  }

  #settle(): void {
    for (const waiter of this.#waiters) {
      if (this.#lagging(waiter.peers, waiter.mark).length === 0) waiter.done(REACHED);
    }
  }
}
