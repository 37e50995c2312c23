import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeIssues } from '@ncr/chaincode/domain';
import { z } from 'zod';
import { findRepoRoot } from '../config/config';
import type { NetworkConfig } from '../fabric/network-config';

/** Fields a public row may carry; the configuration chooses which of them are published. */
const PUBLIC_FIELDS = {
  projects: ['id', 'title', 'sector', 'hostRegion', 'status', 'methodology', 'developerAccountId', 'issuedTotal'],
  issuances: [
    'txId',
    'at',
    'projectId',
    'vintage',
    'quantity',
    'serialStart',
    'serialEnd',
    'ownerAccountId',
    'shareOfProceeds',
  ],
  retirements: ['txId', 'at', 'projectId', 'vintage', 'quantity', 'serialStart', 'serialEnd', 'beneficiary', 'purpose'],
} as const;

const nodeSchema = z.object({
  name: z.string().min(1),
  mspId: z.string().min(1),
  kind: z.enum(['peer', 'orderer']),
  operationsUrl: z.url(),
});

/** `explorer-config/config.json`: the one schema of the explorer's configuration. */
export const explorerConfigSchema = z.strictObject({
  $comment: z.string().optional(),
  title: z.string().min(1).max(200),
  publicTitle: z.string().min(1).max(200),
  /** Channels the explorer shows (the first is the default); each must be one the gateway's identities can read. */
  channels: z.array(z.string().regex(/^[a-z][a-z0-9.-]{0,248}$/)).min(1),
  /** `network`: the peers and orderers of network.json with their operations endpoints; or an explicit list. */
  nodes: z.union([z.literal('network'), z.array(nodeSchema)]),
  public: z.strictObject({
    projects: z.array(z.enum(PUBLIC_FIELDS.projects)).min(1),
    issuances: z.array(z.enum(PUBLIC_FIELDS.issuances)).min(1),
    retirements: z.array(z.enum(PUBLIC_FIELDS.retirements)).min(1),
  }),
});

export type ExplorerConfig = z.infer<typeof explorerConfigSchema>;
export type OperationsNode = z.infer<typeof nodeSchema>;
export type PublicFields = ExplorerConfig['public'];

const defaultExplorerConfigPath = (): string => path.join(findRepoRoot(), 'explorer-config', 'config.json');

/** The explorer configuration in `file`, or an error naming the file and every problem. */
export function loadExplorerConfig(file: string = defaultExplorerConfigPath()): ExplorerConfig {
  const parsed = explorerConfigSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`Invalid explorer configuration ${file}: ${describeIssues(parsed.error, undefined, Infinity)}`);
  }
  return parsed.data;
}

/** The nodes whose operations endpoints the dashboard reads. */
export function operationsNodes(config: ExplorerConfig, network: NetworkConfig): OperationsNode[] {
  if (config.nodes !== 'network') return config.nodes;
  return Object.entries(network.orgs).flatMap(([mspId, org]) => [
    ...(org.peer.operationsUrl === undefined
      ? []
      : [{ name: org.peer.name, mspId, kind: 'peer' as const, operationsUrl: org.peer.operationsUrl }]),
    ...(org.orderer === undefined
      ? []
      : [{ name: org.orderer.name, mspId, kind: 'orderer' as const, operationsUrl: org.orderer.operationsUrl }]),
  ]);
}
