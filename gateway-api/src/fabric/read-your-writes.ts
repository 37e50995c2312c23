import type { IdentityRef } from '../identity/credentials';
import { type Logger, currentLogger } from '../log';
import type { ChainInfo, DecodedBlock } from './blocks';
import type { CommitBarrier } from './commit-barrier';
import type { PeerHealth } from './connections';
import type { Committed, EventStream, Ledger, LocatedTransaction } from './ledger';

/**
 * The read-your-writes waits, for transactions the facade does not run itself (signed offline): before a write is
 * endorsed, before a read, and the block a write committed in.
 */
export interface CommitFence {
  beforeWrite(): Promise<void>;
  beforeRead(mspId: string): Promise<void>;
  committed(blockNumber: number, mspId: string): void;
}

export interface ReadYourWritesOptions {
  readonly barrier: CommitBarrier;
  /** Every organisation (MSP ID) whose peer may endorse a write. */
  readonly peers: readonly string[];
  /** How long a call waits for lagging peers before it goes ahead anyway. */
  readonly boundMs: number;
  readonly logger: Logger;
}

/**
 * Read-your-writes across organisations. A write answers once committed on the submitting organisation's peer only
 * (the commit status comes from it); the other peers commit the same block a little later. So, before a write is
 * endorsed, it waits until every organisation's peer holds the last block a write through this gateway committed in;
 * before a read (a registry query, a block or a transaction), until the reading organisation's peer does (reads are
 * evaluated on it). The wait is bounded: past
 * `boundMs` the call goes ahead as if there were no barrier, and the lagging peers are logged.
 */
export class ReadYourWritesLedger implements Ledger, CommitFence {
  readonly #inner: Ledger;
  readonly #o: ReadYourWritesOptions;

  constructor(inner: Ledger, options: ReadYourWritesOptions) {
    this.#inner = inner;
    this.#o = options;
  }

  async #settled(before: 'write' | 'read', peers: readonly string[]): Promise<void> {
    const started = Date.now();
    const outcome = await this.#o.barrier.wait(peers, this.#o.boundMs);
    if (outcome.reached) return;
    currentLogger(this.#o.logger).warn(
      { before, mark: outcome.mark, lagging: outcome.lagging, waitedMs: Date.now() - started },
      'peers did not reach the last committed block in time; going ahead',
    );
  }

  #readable(actor: IdentityRef): Promise<void> {
    return this.beforeRead(actor.mspId);
  }

  beforeWrite(): Promise<void> {
    return this.#settled('write', this.#o.peers);
  }

  beforeRead(mspId: string): Promise<void> {
    return this.#settled('read', [mspId]);
  }

  committed(blockNumber: number, mspId: string): void {
    this.#o.barrier.committed(blockNumber, mspId);
  }

  async evaluate(actor: IdentityRef, contract: string, transaction: string, arg?: unknown): Promise<unknown> {
    await this.#readable(actor);
    return this.#inner.evaluate(actor, contract, transaction, arg);
  }

  async submit(actor: IdentityRef, contract: string, transaction: string, arg?: unknown): Promise<Committed> {
    await this.beforeWrite();
    const committed = await this.#inner.submit(actor, contract, transaction, arg);
    this.committed(committed.blockNumber, actor.mspId);
    return committed;
  }

  resubmit(actor: IdentityRef, envelope: Uint8Array): Promise<void> {
    return this.#inner.resubmit(actor, envelope);
  }

  /** Not held back: the health check asks it, and must answer at once even while a peer catches up. */
  chainInfo(actor: IdentityRef): Promise<ChainInfo> {
    return this.#inner.chainInfo(actor);
  }

  async block(actor: IdentityRef, blockNumber: number): Promise<DecodedBlock> {
    await this.#readable(actor);
    return this.#inner.block(actor, blockNumber);
  }

  async transaction(actor: IdentityRef, txId: string): Promise<LocatedTransaction> {
    await this.#readable(actor);
    return this.#inner.transaction(actor, txId);
  }

  events(actor: IdentityRef, startBlock: bigint | undefined): Promise<EventStream> {
    return this.#inner.events(actor, startBlock);
  }

  peers(): Promise<PeerHealth[]> {
    return this.#inner.peers();
  }
}
