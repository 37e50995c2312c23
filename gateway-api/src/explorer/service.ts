import type { ChainInfo } from '../fabric/blocks';
import type { NetworkConfig } from '../fabric/network-config';
import type { IdentityRef } from '../identity/credentials';
import { toApiError } from '../errors';
import { type Closeable, piped } from '../streams';
import type { ExplorerConfig } from './config';
import { type ExplorerBlock, type ExplorerTransaction, decodeExplorerBlock } from './decode';
import type { NodeProbe, NodeStatus } from './nodes';
import type { ChaincodeDefinition, ExplorerLedger } from './source';

export interface BlockRow {
  readonly number: number;
  readonly hash: string;
  readonly previousHash: string;
  readonly dataHash: string;
  readonly txCount: number;
  /** The first transaction's timestamp (a block carries no time of its own). */
  readonly time: string | null;
  /** The raw block (base64), so that the browser verifies the page it shows. */
  readonly raw: string;
}

/** A block row without its raw bytes: what the live stream tells of each new block. */
export type BlockHeadline = Omit<BlockRow, 'raw'>;

/** The block's header fields, its transaction count and the first transaction's time. */
function headlineOf(b: ExplorerBlock): BlockHeadline {
  const { raw: _raw, transactions, ...header } = b;
  return { ...header, txCount: transactions.length, time: transactions[0]?.timestamp ?? null };
}

export interface PeerBlockHash {
  readonly mspId: string;
  readonly peer: string;
  readonly hash: string | null;
  readonly error: string | null;
}

export interface ExplorerSummary {
  readonly channel: string;
  readonly chain: ChainInfo;
  readonly organisations: string[];
  readonly nodes: NodeStatus[];
  readonly raftLeader: string | null;
  readonly chaincodes: ChaincodeDefinition[] | { readonly unavailable: string };
}

/** The explorer's views of the ledger, read as the calling (government or auditor) user. */
export class Explorer {
  readonly config: ExplorerConfig;
  readonly #ledger: ExplorerLedger;
  readonly #network: NetworkConfig;
  readonly #nodes: NodeProbe;

  constructor(options: { ledger: ExplorerLedger; config: ExplorerConfig; network: NetworkConfig; nodes: NodeProbe }) {
    this.config = options.config;
    this.#ledger = options.ledger;
    this.#network = options.network;
    this.#nodes = options.nodes;
  }

  /** The channel the gateway's registry (and so its read model) is on. */
  get registryChannel(): string {
    return this.#network.channel;
  }

  async block(actor: IdentityRef, channel: string, number: number): Promise<ExplorerBlock> {
    return decodeExplorerBlock(await this.#ledger.rawBlock(actor, channel, number));
  }

  async transaction(actor: IdentityRef, channel: string, txId: string): Promise<ExplorerTransaction> {
    const block = decodeExplorerBlock(await this.#ledger.rawBlockByTxId(actor, channel, txId));
    const found = block.transactions.find((t) => t.txId === txId);
    if (found === undefined) throw new Error(`block ${block.number} does not hold transaction ${txId}`);
    return found;
  }

  /** Up to `limit` blocks below `before` (default: the height), newest first. */
  async blocks(actor: IdentityRef, channel: string, limit: number, before?: number): Promise<BlockRow[]> {
    const { height } = await this.#ledger.chainInfo(actor, channel);
    const top = Math.min(before ?? height, height);
    const numbers = Array.from({ length: Math.max(0, Math.min(limit, top)) }, (_, i) => top - 1 - i);
    const blocks = await Promise.all(numbers.map((n) => this.block(actor, channel, n)));
    return blocks.map((b) => ({ ...headlineOf(b), raw: b.raw }));
  }

  /**
   * Each block as it is committed, from `fromBlock` on (default: the next one), read with block events as the caller:
   * every block, configuration blocks included.
   */
  async follow(actor: IdentityRef, channel: string, fromBlock?: number): Promise<Closeable<BlockHeadline>> {
    const start = fromBlock ?? (await this.#ledger.chainInfo(actor, channel)).height;
    const blocks = await this.#ledger.blockEvents(actor, channel, start);
    return piped(blocks, async function* (raws) {
      for await (const raw of raws) yield headlineOf(decodeExplorerBlock(raw));
    });
  }

  /** The block's hash as each organisation's peer holds it (qscc on that peer). */
  async peerHashes(actor: IdentityRef, channel: string, number: number): Promise<PeerBlockHash[]> {
    return Promise.all(
      Object.entries(this.#network.orgs).map(async ([mspId, org]) => {
        try {
          const block = decodeExplorerBlock(await this.#ledger.rawBlock(actor, channel, number, mspId));
          return { mspId, peer: org.peer.name, hash: block.hash, error: null };
        } catch (err) {
          return { mspId, peer: org.peer.name, hash: null, error: toApiError(err).message };
        }
      }),
    );
  }

  async summary(actor: IdentityRef, channel: string): Promise<ExplorerSummary> {
    const [chain, nodes, chaincodes] = await Promise.all([
      this.#ledger.chainInfo(actor, channel),
      this.#nodes.status(channel),
      this.#ledger.chaincodeDefinitions(actor, channel).catch((err: unknown) => ({
        unavailable: `_lifecycle refused the query: ${toApiError(err).message}`,
      })),
    ]);
    return {
      channel,
      chain,
      organisations: Object.keys(this.#network.orgs),
      nodes,
      raftLeader: nodes.find((n) => n.raftLeader === true)?.name ?? null,
      chaincodes,
    };
  }
}
