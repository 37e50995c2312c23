import fs from 'node:fs';
import path from 'node:path';
import { ensureDir, render, writeFile } from '../lib/files';
import { detail } from '../lib/log';
import { tcpOpen } from '../lib/net';
import { paths, sitePaths } from '../lib/paths';
import { type Daemon, httpOk, runningPid, startDaemon, waitFor } from '../lib/processes';
import { type Tool, bin } from './binaries';
import { cryptoPaths, names, published, type MemberConfig, type Network, type OrgConfig } from './topology';

const yamlList = (files: readonly string[], indent: number): string =>
  files.map((file) => `${' '.repeat(indent)}- ${file}`).join('\n');

/** Every organisation's CA certificate as it published it: the TLS client roots a node accepts. */
const allCaCerts = (network: Network): string[] => network.orgs.map((org) => published(org).caCert);

/** A node's config folder (FABRIC_CFG_PATH) in its organisation's site. */
export const nodeDir = (org: MemberConfig, name: string): string => path.join(sitePaths(org.key).nodes, name);

const daemonOf = (org: MemberConfig, name: string): Daemon => ({ site: sitePaths(org.key), name });
export const ordererDaemon = (org: OrgConfig): Daemon => daemonOf(org, names.orderer(org));
export const peerDaemon = (org: MemberConfig): Daemon => daemonOf(org, names.peer(org));

/**
 * Renders a node's config file from network/config/<file>.tmpl into .ncr/nodes/<node>/<file> (the node's
 * FABRIC_CFG_PATH), with the values every node shares (MSP, TLS, data folder, trusted client CAs) plus `extra`.
 */
function renderNodeConfig(
  topology: Network,
  org: MemberConfig,
  node: { name: string; file: string; crypto: { tls: string; msp: string }; listIndent: number },
  extra: Readonly<Record<string, string | number>>,
): string {
  const template = fs.readFileSync(path.join(paths.network, 'config', `${node.file}.tmpl`), 'utf8');
  const dir = ensureDir(nodeDir(org, node.name));
  writeFile(
    path.join(dir, node.file),
    render(template, {
      ...extra,
      tlsDir: node.crypto.tls,
      mspDir: node.crypto.msp,
      mspId: org.mspId,
      dataDir: path.join(sitePaths(org.key).data, node.name),
      clientRootCAs: yamlList(allCaCerts(topology), node.listIndent),
    }),
  );
  return dir;
}

function renderOrdererConfig(topology: Network, org: OrgConfig): string {
  const node = { name: names.orderer(org), file: 'orderer.yaml', crypto: cryptoPaths(org).orderer, listIndent: 6 };
  return renderNodeConfig(topology, org, node, org.orderer);
}

function renderPeerConfig(topology: Network, org: MemberConfig): string {
  const node = { name: names.peer(org), file: 'core.yaml', crypto: cryptoPaths(org).peer, listIndent: 10 };
  return renderNodeConfig(topology, org, node, { ...org.peer, peerName: node.name, builderDir: paths.builder });
}

/** Starts a Fabric node from the config folder `render` writes, unless it already runs. */
function ensureStarted(
  daemon: Daemon,
  render: () => string,
  [command, ...args]: readonly [Tool, ...string[]],
  env: Readonly<Record<string, string>>,
): void {
  if (runningPid(daemon) !== undefined) return;
  const dir = render();
  startDaemon({
    ...daemon,
    command: bin(command),
    args,
    cwd: dir,
    env: { ...process.env, FABRIC_CFG_PATH: dir, ...env },
  });
}

/** Waits for a node's operations health endpoint, then for its `what` port to accept connections. */
async function untilListening(daemon: Daemon, operationsPort: number, port: number, what: string): Promise<void> {
  await waitFor(`${daemon.name} health`, () => httpOk(`http://127.0.0.1:${operationsPort}/healthz`), { daemon });
  await waitFor(`${daemon.name} ${what}`, () => tcpOpen(port), { daemon });
}

/**
 * Starts (or reuses) one orderer node and waits for its operations health endpoint, then for its admin endpoint:
 * the orderer serves health before it opens the admin port that channel participation (osnadmin) calls next.
 */
export async function startOrderer(topology: Network, org: OrgConfig): Promise<void> {
  const daemon = ordererDaemon(org);
  const { name } = daemon;
  ensureStarted(daemon, () => renderOrdererConfig(topology, org), ['orderer'], {});
  // The operations endpoint answers before the admin endpoint listens: osnadmin (the channel step) needs the latter.
  await untilListening(daemon, org.orderer.operationsPort, org.orderer.adminPort, 'admin endpoint');
  detail(
    `${name} at 127.0.0.1:${org.orderer.port} (admin ${org.orderer.adminPort}, cluster ${org.orderer.clusterPort})`,
  );
}

/** Starts (or reuses) one peer; its external builder dials this organisation's own chaincode service. */
export async function startPeer(topology: Network, org: MemberConfig): Promise<void> {
  const daemon = peerDaemon(org);
  const { name } = daemon;
  ensureStarted(daemon, () => renderPeerConfig(topology, org), ['peer', 'node', 'start'], {
    NCR_CCAAS_ADDRESS: `127.0.0.1:${org.chaincodeService.port}`,
  });
  // As for the orderers: the operations endpoint may answer before the peer's own endpoint (the CLI's) listens.
  await untilListening(daemon, org.peer.operationsPort, org.peer.port, 'endpoint');
  detail(`${name} at 127.0.0.1:${org.peer.port} (operations ${org.peer.operationsPort})`);
}
