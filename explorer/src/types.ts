/** The gateway's answers the explorer shows (see /v1/openapi.json: ExplorerBlock, ExplorerTransaction…). */
interface Identity {
  readonly mspId: string;
  readonly commonName: string | null;
}

export interface Transaction {
  readonly txId: string;
  readonly type: string;
  readonly timestamp: string | null;
  readonly creator: Identity | null;
  readonly validationCode: string;
  readonly chaincode: string | null;
  readonly function: string | null;
  readonly blockNumber: number;
  readonly index: number;
  readonly args: unknown[];
  readonly endorsingOrganisations: string[];
  readonly reads: { namespace: string; key: string; version: { blockNumber: number; txNumber: number } | null }[];
  readonly writes: { namespace: string; key: string; isDelete: boolean; value?: unknown }[];
  readonly events: { chaincode: string; name: string; payload: unknown }[];
}

export interface Block {
  readonly number: number;
  readonly hash: string;
  readonly previousHash: string;
  readonly dataHash: string;
  readonly raw: string;
  readonly transactions: Transaction[];
}

/** A row of the block list: the block without its transactions, with their count and the first one's time. */
export type BlockRow = Omit<Block, 'transactions'> & { readonly txCount: number; readonly time: string | null };

export interface NodeStatus {
  readonly name: string;
  readonly mspId: string;
  readonly kind: 'peer' | 'orderer';
  readonly up: boolean;
  readonly height: number | null;
  readonly raftLeader: boolean | null;
}

export interface ChaincodeDefinition {
  readonly name: string;
  readonly version: string;
  readonly sequence: number;
  readonly endorsementPolicy: string;
  readonly approvals: Record<string, boolean>;
}

export interface Summary {
  readonly title: string;
  readonly channels: string[];
  readonly channel: string;
  readonly chain: { height: number; currentBlockHash: string };
  /** From the read model: every transaction in blocks [0, transactionCountHeight); null when not available. */
  readonly transactionCount: number | null;
  readonly transactionCountHeight: number | null;
  readonly organisations: string[];
  readonly nodes: NodeStatus[];
  readonly raftLeader: string | null;
  readonly chaincodes: ChaincodeDefinition[] | { unavailable: string };
}

export interface PeerHash {
  readonly mspId: string;
  readonly peer: string;
  readonly hash: string | null;
  readonly error: string | null;
}
