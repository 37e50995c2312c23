import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Deadlines } from '../config/config';
import { FabricConnections } from '../fabric/connections';
import { type NetworkConfig, siteOrg } from '../fabric/network-config';
import type { Credentials } from '../identity/credentials';
import type { Logger } from '../log';
import { decodeCommittedBlock } from './decode';
import { isDiskFull } from './disk';
import type { BlockSink } from '../notifications/fanout';
import type { ReadModelStore } from './store';
import { type ApplyOptions, BlockSequenceError } from './store-types';

export interface FollowerOptions {
  readonly network: NetworkConfig;
  readonly deadlines: Deadlines;
  readonly store: ReadModelStore;
  readonly logger: Logger;
  readonly blockDelayMs?: number;
  readonly apply?: ApplyOptions;
  /** Also given each block, after the read model (notifications' fan-out); it keeps its own checkpoint. */
  readonly sink?: BlockSink;
}

/** The site's own organisation admin (network.json): a channel member, to whom every peer delivers blocks. */
export async function siteAdminCredentials(network: NetworkConfig): Promise<Credentials> {
  const { mspId, org } = siteOrg(network);
  return {
    mspId,
    enrollmentId: org.admin.enrollmentId,
    certificate: await readFile(org.admin.certPath, 'utf8'),
    privateKey: await readFile(org.admin.keyPath, 'utf8'),
  };
}

/**
 * Follows the channel's committed blocks from the store's checkpoint (the block height it has projected) and
 * projects each one. On any stream failure it reconnects, rotating over the organisations' peers (as the site's own
 * admin), and resumes
 * from the checkpoint, which is only ever moved in the same SQLite transaction as the block's projection. A `sink`
 * with its own checkpoint behind the read model's makes the stream start there; each block goes to whichever of the
 * two has not got it yet.
 */
export class BlockFollower {
  readonly #o: FollowerOptions;
  #stopped = false;
  #close: (() => void) | undefined;

  constructor(options: FollowerOptions) {
    this.#o = options;
  }

  /** A method, not the field, in loop conditions: stop() runs concurrently, between awaits. */
  #running(): boolean {
    return !this.#stopped;
  }

  /** The block to stream from: the lower of the two checkpoints. */
  #from(): number {
    const readModel = this.#o.store.status().blockHeight;
    return Math.min(readModel, this.#o.sink?.nextBlock() ?? readModel);
  }

  #apply(raw: { serializeBinary(): Uint8Array }): void {
    const { network, store, logger, sink } = this.#o;
    const block = decodeCommittedBlock(raw.serializeBinary(), network.chaincode);
    if (block.number >= store.status().blockHeight) {
      const counts = store.applyBlock(block, this.#o.apply);
      logger.debug({ block: block.number, ...counts }, 'block projected');
    }
    sink?.apply(block);
  }

  stop(): void {
    this.#stopped = true;
    this.#close?.();
  }

  async run(): Promise<void> {
    const { network, logger } = this.#o;
    const identity = await siteAdminCredentials(network);
    // Its own organisation's peer first, then the others in turn.
    const peers = [identity.mspId, ...Object.keys(network.orgs).filter((mspId) => mspId !== identity.mspId)];
    const connections = await FabricConnections.open(network, this.#o.deadlines);
    let attempt = 0;
    try {
      while (this.#running()) {
        const peerOf = peers[attempt % peers.length] ?? identity.mspId;
        const from = this.#from();
        try {
          const blocks = await connections.networkFor(identity, peerOf).getBlockEvents({ startBlock: BigInt(from) });
          this.#close = () => {
            blocks.close();
          };
          logger.info({ from, peerOf }, 'following committed blocks');
          for await (const raw of blocks) {
            if (!this.#running()) break;
            this.#apply(raw);
            attempt = 0;
            if ((this.#o.blockDelayMs ?? 0) > 0) await sleep(this.#o.blockDelayMs);
          }
        } catch (err) {
          if (!this.#running()) break;
          if (err instanceof BlockSequenceError) throw err;
          attempt++;
          // A full disk is retried every second, so the projection resumes as soon as space returns.
          const full = isDiskFull(err);
          const waitMs = full ? 1_000 : Math.min(10_000, 250 * 2 ** Math.min(attempt, 6));
          const message = err instanceof Error ? err.message : String(err);
          logger.warn({ err: message, waitMs }, full ? 'disk full: block not projected' : 'block stream failed');
          await sleep(waitMs);
        } finally {
          this.#close = undefined;
        }
      }
    } finally {
      connections.close();
    }
  }
}
