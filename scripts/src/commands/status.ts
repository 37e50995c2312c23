import fs from 'node:fs';
import { channelHeight } from '../network/channel';
import { chaincodeDaemon, chaincodeStatus, packageChaincode } from '../network/chaincode';
import { caDaemon } from '../network/ca';
import { type Daemon, httpOk, runningPid } from '../lib/processes';
import { tcpOpen } from '../lib/net';
import { sitePaths } from '../lib/paths';
import { gatewayDaemon, readModelDaemon } from '../network/gateway';
import { ordererDaemon, peerDaemon } from '../network/nodes';
import { withJoined } from '../network/members';
import {
  endpoint,
  gatewayUrl,
  hasOrderer,
  httpUrl,
  loadTopology,
  names,
  orgHost,
  type MemberConfig,
  type Network,
} from '../network/topology';

interface NodeStatus {
  readonly name: string;
  readonly pid: number | undefined;
  readonly healthy: boolean;
  readonly detail: string;
}

export interface NetworkStatus {
  readonly nodes: NodeStatus[];
  readonly heights: Record<string, number | undefined>;
  readonly chaincode: { sequence: number; current: boolean } | undefined;
}

const healthy = async (check: () => Promise<boolean>): Promise<boolean> => {
  try {
    return await check();
  } catch {
    return false;
  }
};

const healthz = (org: MemberConfig, port: number): Promise<boolean> => httpOk(httpUrl(org, port, '/healthz'));

/** Health of each process of one organisation's site. */
export async function siteNodes(topology: Network, org: MemberConfig): Promise<NodeStatus[]> {
  const { readModelDb } = sitePaths(org.key);
  type Entry = [Daemon, () => Promise<boolean>, string];
  const entries: Entry[] = [
    [caDaemon(org), () => healthz(org, org.ca.operationsPort), endpoint(org, org.ca.port)],
    ...(hasOrderer(org)
      ? [
          [
            ordererDaemon(org),
            () => healthz(org, org.orderer.operationsPort),
            endpoint(org, org.orderer.port),
          ] satisfies Entry,
        ]
      : []),
    [peerDaemon(org), () => healthz(org, org.peer.operationsPort), endpoint(org, org.peer.port)],
    [
      chaincodeDaemon(org),
      () => tcpOpen(orgHost(org), org.chaincodeService.port),
      endpoint(org, org.chaincodeService.port),
    ],
    [gatewayDaemon(org), () => httpOk(`${gatewayUrl(topology, org)}/v1/health`), gatewayUrl(topology, org)],
    [readModelDaemon(org), () => Promise.resolve(fs.existsSync(readModelDb)), readModelDb],
  ];
  const nodes: NodeStatus[] = [];
  for (const [daemon, check, where] of entries) {
    const pid = runningPid(daemon);
    nodes.push({ name: daemon.name, pid, healthy: pid !== undefined && (await healthy(check)), detail: where });
  }
  return nodes;
}

/**
 * Health of every node (joined organisations' too), the channel height each peer reports and the committed chaincode
 * sequence.
 */
export async function networkStatus(): Promise<NetworkStatus> {
  const topology = loadTopology();
  const network = withJoined(topology);
  const nodes: NodeStatus[] = [];
  for (const org of network.orgs) nodes.push(...(await siteNodes(network, org)));
  const heights: Record<string, number | undefined> = {};
  for (const org of network.orgs) {
    try {
      heights[names.peer(org)] = await channelHeight(topology, org);
    } catch {
      heights[names.peer(org)] = undefined;
    }
  }
  let chaincode: NetworkStatus['chaincode'];
  try {
    chaincode = await chaincodeStatus(topology, await packageChaincode(topology));
  } catch {
    chaincode = undefined;
  }
  return { nodes, heights, chaincode };
}
