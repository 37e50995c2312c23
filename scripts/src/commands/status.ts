import path from 'node:path';
import { channelHeight } from '../network/channel';
import { chaincodeStatus, packageChaincode } from '../network/chaincode';
import { caProcessName } from '../network/ca';
import { httpOk, runningPid } from '../lib/processes';
import { tcpOpen } from '../lib/net';
import { paths } from '../lib/paths';
import { GATEWAY_PROCESS, READ_MODEL_PROCESS, readModelDb } from '../network/gateway';
import { loadTopology, names } from '../network/topology';

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

/** Health of every node, the channel height each peer reports and the committed chaincode sequence. */
export async function networkStatus(): Promise<NetworkStatus> {
  const topology = loadTopology();
  const nodes: NodeStatus[] = [];
  for (const org of topology.orgs) {
    const entries: [string, () => Promise<boolean>, string][] = [
      [caProcessName(org), () => httpOk(`http://127.0.0.1:${org.ca.operationsPort}/healthz`), `:${org.ca.port}`],
      [
        names.orderer(org),
        () => httpOk(`http://127.0.0.1:${org.orderer.operationsPort}/healthz`),
        `:${org.orderer.port}`,
      ],
      [names.peer(org), () => httpOk(`http://127.0.0.1:${org.peer.operationsPort}/healthz`), `:${org.peer.port}`],
      [names.chaincodeService(org), () => tcpOpen(org.chaincodeService.port), `:${org.chaincodeService.port}`],
    ];
    for (const [name, check, where] of entries) {
      nodes.push({ name, pid: runningPid(name), healthy: await healthy(check), detail: where });
    }
  }
  nodes.push({
    name: GATEWAY_PROCESS,
    pid: runningPid(GATEWAY_PROCESS),
    healthy: await healthy(() => httpOk(`http://127.0.0.1:${topology.gateway.port}/v1/health`)),
    detail: `:${topology.gateway.port}`,
  });
  nodes.push({
    name: READ_MODEL_PROCESS,
    pid: runningPid(READ_MODEL_PROCESS),
    healthy: runningPid(READ_MODEL_PROCESS) !== undefined,
    detail: path.relative(paths.home, readModelDb),
  });
  const heights: Record<string, number | undefined> = {};
  for (const org of topology.orgs) {
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
