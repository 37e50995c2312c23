import type { Contract } from '@hyperledger/fabric-gateway';
import type { Connection } from '../network/client';
import { network } from '../network/client';
import type { HeldBlock, DemoKeys } from './fixtures';
import type { Rest } from './rest';

/** What every phase gets: the REST client, the demo keys, the options, and admin connections to the peers. */

export interface PhaseOptions {
  readonly durationS: number;
  readonly concurrency: readonly number[];
  readonly maxRequests: number;
  readonly issuances: number;
  readonly blocks: number;
  readonly aefActions: number;
  /** Synthetic actions of the AEF's read-model copy (0: none, the AEF is timed over the live read model only). */
  readonly aefSynthetic: number;
}

export interface BenchContext {
  readonly rest: Rest;
  readonly keys: DemoKeys;
  readonly tag: string;
  readonly options: PhaseOptions;
  /** Organisation admins through their own peers: DeveloperMSP moves credits, GovernmentMSP reads all holdings. */
  readonly developerAdmin: Connection;
  readonly governmentAdmin: Connection;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function contract(connection: Connection, name: string): Contract {
  const { channel, chaincode } = network();
  return connection.gateway.getNetwork(channel).getContract(chaincode, name);
}

export const maxClients = (options: PhaseOptions): number => Math.max(...options.concurrency);

export interface TransferFixtures {
  /** The company the DeveloperMSP organisation admin acts for: its blocks move in the chaincode phase. */
  readonly holder: string;
  /** The other company: its users move its blocks in the rest phase. */
  readonly restCompany: string;
  readonly holderBlocks: readonly HeldBlock[];
  readonly restBlocks: readonly HeldBlock[];
}

export function blockOf(blocks: readonly HeldBlock[], client: number): HeldBlock {
  const block = blocks[client];
  if (block === undefined) throw new Error(`no fixture block for client ${client}`);
  return block;
}
