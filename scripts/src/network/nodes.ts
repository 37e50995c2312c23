import fs from 'node:fs';
import path from 'node:path';
import { ensureDir, render, writeFile } from '../lib/files';
import { detail } from '../lib/log';
import { tcpOpen } from '../lib/net';
import { paths, sitePaths } from '../lib/paths';
import { type Daemon, type DaemonSpec, httpOk, runningPid, startDaemon, waitFor } from '../lib/processes';
import { bin } from './binaries';
import {
  cryptoPaths,
  endpoint,
  httpUrl,
  inNetns,
  names,
  orgHost,
  published,
  type MemberConfig,
  type Network,
  type OrgConfig,
} from './topology';

const yamlList = (files: readonly string[], indent: number): string =>
  files.map((file) => `${' '.repeat(indent)}- ${file}`).join('\n');

/** Every organisation's CA certificate as it published it: the TLS client roots a node accepts. */
const allCaCerts = (network: Network): string[] => network.orgs.map((org) => published(org).caCert);

/** A node's config folder (FABRIC_CFG_PATH) in its organisation's site. */
export const nodeDir = (org: MemberConfig, name: string): string => path.join(sitePaths(org.key).nodes, name);

const daemonOf = (org: MemberConfig, name: string): Daemon => ({ site: sitePaths(org.key), name });
export const ordererDaemon = (org: OrgConfig): Daemon => daemonOf(org, names.orderer(org));
export const peerDaemon = (org: MemberConfig): Daemon => daemonOf(org, names.peer(org));

/** A node config file: `file` in the node's config folder (its FABRIC_CFG_PATH), rendered from its template. */
export interface NodeConfig {
  readonly name: string;
  readonly file: string;
  readonly text: string;
}

/**
 * A node's config file rendered from network/config/<file>.tmpl with the values every node shares (its address,
 * MSP, TLS, data folder, trusted client CAs) plus `extra`.
 */
function nodeConfig(
  topology: Network,
  org: MemberConfig,
  node: { name: string; file: string; crypto: { tls: string; msp: string }; listIndent: number },
  extra: Readonly<Record<string, string | number>>,
): NodeConfig {
  const template = fs.readFileSync(path.join(paths.network, 'config', `${node.file}.tmpl`), 'utf8');
  const text = render(template, {
    ...extra,
    host: orgHost(org),
    tlsDir: node.crypto.tls,
    mspDir: node.crypto.msp,
    mspId: org.mspId,
    dataDir: path.join(sitePaths(org.key).data, node.name),
    clientRootCAs: yamlList(allCaCerts(topology), node.listIndent),
  });
  return { name: node.name, file: node.file, text };
}

export function ordererConfig(topology: Network, org: OrgConfig): NodeConfig {
  const node = { name: names.orderer(org), file: 'orderer.yaml', crypto: cryptoPaths(org).orderer, listIndent: 6 };
  return nodeConfig(topology, org, node, org.orderer);
}

export function peerConfig(topology: Network, org: MemberConfig): NodeConfig {
  const node = { name: names.peer(org), file: 'core.yaml', crypto: cryptoPaths(org).peer, listIndent: 10 };
  return nodeConfig(topology, org, node, { ...org.peer, peerName: node.name, builderDir: paths.builder });
}

/** Writes a node's config into .ncr/orgs/<org>/nodes/<node>/ and returns that folder. */
function writeNodeConfig(org: MemberConfig, config: NodeConfig): string {
  const dir = ensureDir(nodeDir(org, config.name));
  writeFile(path.join(dir, config.file), config.text);
  return dir;
}

/** How the organisation's orderer is launched (from its config folder). */
export function ordererSpec(org: OrgConfig): DaemonSpec {
  const dir = nodeDir(org, names.orderer(org));
  return {
    ...ordererDaemon(org),
    command: bin('orderer'),
    args: [],
    cwd: dir,
    env: { FABRIC_CFG_PATH: dir },
    ...inNetns(org),
  };
}

/** How the organisation's peer is launched; its external builder dials this organisation's own chaincode service. */
export function peerSpec(org: MemberConfig): DaemonSpec {
  const dir = nodeDir(org, names.peer(org));
  return {
    ...peerDaemon(org),
    command: bin('peer'),
    args: ['node', 'start'],
    cwd: dir,
    env: { FABRIC_CFG_PATH: dir, NCR_CCAAS_ADDRESS: endpoint(org, org.chaincodeService.port) },
    ...inNetns(org),
  };
}

/** Starts a Fabric node from the config `config` gives, unless it already runs. */
function ensureStarted(org: MemberConfig, spec: DaemonSpec, config: () => NodeConfig): void {
  if (runningPid(spec) !== undefined) return;
  writeNodeConfig(org, config());
  startDaemon(spec);
}

/** Waits for a node's operations health endpoint, then for its `what` port to accept connections. */
async function untilListening(
  org: MemberConfig,
  daemon: Daemon,
  operationsPort: number,
  port: number,
  what: string,
): Promise<void> {
  await waitFor(`${daemon.name} health`, () => httpOk(httpUrl(org, operationsPort, '/healthz')), { daemon });
  await waitFor(`${daemon.name} ${what}`, () => tcpOpen(orgHost(org), port), { daemon });
}

/**
 * Starts (or reuses) one orderer node and waits for its operations health endpoint, then for its admin endpoint:
 * the orderer serves health before it opens the admin port that channel participation (osnadmin) calls next.
 */
export async function startOrderer(topology: Network, org: OrgConfig): Promise<void> {
  const spec = ordererSpec(org);
  ensureStarted(org, spec, () => ordererConfig(topology, org));
  // The operations endpoint answers before the admin endpoint listens: osnadmin (the channel step) needs the latter.
  await untilListening(org, spec, org.orderer.operationsPort, org.orderer.adminPort, 'admin endpoint');
  detail(
    `${spec.name} at ${endpoint(org, org.orderer.port)} (admin ${org.orderer.adminPort}, cluster ${org.orderer.clusterPort})`,
  );
}

/** Starts (or reuses) one peer; its external builder dials this organisation's own chaincode service. */
export async function startPeer(topology: Network, org: MemberConfig): Promise<void> {
  const spec = peerSpec(org);
  ensureStarted(org, spec, () => peerConfig(topology, org));
  // As for the orderers: the operations endpoint may answer before the peer's own endpoint (the CLI's) listens.
  await untilListening(org, spec, org.peer.operationsPort, org.peer.port, 'endpoint');
  detail(`${spec.name} at ${endpoint(org, org.peer.port)} (operations ${org.peer.operationsPort})`);
}
