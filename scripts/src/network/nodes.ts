import fs from 'node:fs';
import path from 'node:path';
import { ensureDir, render, writeFile } from '../lib/files';
import { detail } from '../lib/log';
import { paths } from '../lib/paths';
import { httpOk, runningPid, startDaemon, waitFor } from '../lib/processes';
import { bin } from './binaries';
import { cryptoPaths, names, type OrgConfig, type Topology } from './topology';

const yamlList = (files: readonly string[], indent: number): string =>
  files.map((file) => `${' '.repeat(indent)}- ${file}`).join('\n');

const allCaCerts = (topology: Topology): string[] => topology.orgs.map((org) => cryptoPaths(org).caCert);

export const nodeDir = (name: string): string => path.join(paths.nodes, name);

export function renderOrdererConfig(topology: Topology, org: OrgConfig): string {
  const name = names.orderer(org);
  const crypto = cryptoPaths(org).orderer;
  const template = fs.readFileSync(path.join(paths.network, 'config', 'orderer.yaml.tmpl'), 'utf8');
  const dir = ensureDir(nodeDir(name));
  writeFile(
    path.join(dir, 'orderer.yaml'),
    render(template, {
      ...org.orderer,
      tlsDir: crypto.tls,
      mspDir: crypto.msp,
      mspId: org.mspId,
      dataDir: path.join(paths.data, name),
      clientRootCAs: yamlList(allCaCerts(topology), 6),
    }),
  );
  return dir;
}

export function renderPeerConfig(topology: Topology, org: OrgConfig): string {
  const name = names.peer(org);
  const crypto = cryptoPaths(org).peer;
  const template = fs.readFileSync(path.join(paths.network, 'config', 'core.yaml.tmpl'), 'utf8');
  const dir = ensureDir(nodeDir(name));
  writeFile(
    path.join(dir, 'core.yaml'),
    render(template, {
      ...org.peer,
      peerName: name,
      tlsDir: crypto.tls,
      mspDir: crypto.msp,
      mspId: org.mspId,
      dataDir: path.join(paths.data, name),
      builderDir: paths.builder,
      clientRootCAs: yamlList(allCaCerts(topology), 10),
    }),
  );
  return dir;
}

/** Starts (or reuses) one orderer node and waits for its operations health endpoint. */
export async function startOrderer(topology: Topology, org: OrgConfig): Promise<void> {
  const name = names.orderer(org);
  if (runningPid(name) === undefined) {
    const dir = renderOrdererConfig(topology, org);
    startDaemon({ name, command: bin('orderer'), args: [], cwd: dir, env: { ...process.env, FABRIC_CFG_PATH: dir } });
  }
  await waitFor(`${name} health`, () => httpOk(`http://127.0.0.1:${org.orderer.operationsPort}/healthz`), {
    logName: name,
  });
  detail(
    `${name} at 127.0.0.1:${org.orderer.port} (admin ${org.orderer.adminPort}, cluster ${org.orderer.clusterPort})`,
  );
}

/** Starts (or reuses) one peer; its external builder dials this organisation's own chaincode service. */
export async function startPeer(topology: Topology, org: OrgConfig): Promise<void> {
  const name = names.peer(org);
  if (runningPid(name) === undefined) {
    const dir = renderPeerConfig(topology, org);
    startDaemon({
      name,
      command: bin('peer'),
      args: ['node', 'start'],
      cwd: dir,
      env: {
        ...process.env,
        FABRIC_CFG_PATH: dir,
        NCR_CCAAS_ADDRESS: `127.0.0.1:${org.chaincodeService.port}`,
      },
    });
  }
  await waitFor(`${name} health`, () => httpOk(`http://127.0.0.1:${org.peer.operationsPort}/healthz`), {
    logName: name,
  });
  detail(`${name} at 127.0.0.1:${org.peer.port} (operations ${org.peer.operationsPort})`);
}
