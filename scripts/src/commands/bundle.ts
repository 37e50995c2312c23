import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { ensureDir, writeFile, writeJson } from '../lib/files';
import { detail, step } from '../lib/log';
import { paths, publicPaths, sitePaths } from '../lib/paths';
import type { DaemonSpec } from '../lib/processes';
import { caServerConfig, caSpec } from '../network/ca';
import { chaincodeSpec } from '../network/chaincode';
import { readModelSpec, restGatewaySpec } from '../network/gateway';
import { nodeDir, ordererConfig, ordererSpec, peerConfig, peerSpec } from '../network/nodes';
import { gatewayPort, loadTopology, names, orgByKey, type OrgConfig, type Topology } from '../network/topology';

/** Where a bundle puts things on the organisation's own host (the repository checkout and the state folder). */
export interface BundleTarget {
  readonly host: string;
  /** NCR_HOME on that host: its site, public inputs and Fabric binaries. */
  readonly home: string;
  /** This repository, checked out and built on that host. */
  readonly repo: string;
}

/** Stands for the registrar's secret in the CA config: the secret is generated on the host, never shipped. */
export const REGISTRAR_SECRET_PLACEHOLDER = '@REGISTRAR_SECRET@';

/** The unit roles a site runs, in start order. */
const ROLES = ['ca', 'orderer', 'peer', 'chaincode', 'gateway', 'read-model'] as const;
type Role = (typeof ROLES)[number];

/**
 * Rewrites this machine's paths into the host's: state under NCR_HOME (and the Fabric binaries) into `home`, the
 * repository (and the Node runtime in it) into `repo`; a Node runtime outside the repository becomes /usr/bin/node.
 */
function remapper(target: BundleTarget): (text: string) => string {
  const pairs: [string, string][] = [
    [paths.bin, path.join(target.home, 'bin')],
    [paths.home, target.home],
    [paths.root, target.repo],
  ];
  if (!process.execPath.startsWith(paths.root)) pairs.push([process.execPath, '/usr/bin/node']);
  pairs.sort(([a], [b]) => b.length - a.length);
  return (text) => pairs.reduce((out, [from, to]) => out.split(from).join(to), text);
}

const quote = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`);

/** A systemd unit that runs `spec` as the site's own processes would run (same program, arguments, environment). */
function systemdUnit(org: OrgConfig, role: Role, spec: DaemonSpec, after: readonly string[]): string {
  const environment = Object.entries(spec.env ?? {}).map(([key, value]) => `Environment="${key}=${value}"`);
  return [
    '[Unit]',
    `Description=Carbon registry: ${org.name} (${org.mspId}) ${role} ${spec.name}`,
    `After=${['network-online.target', ...after].join(' ')}`,
    'Wants=network-online.target',
    '',
    '[Service]',
    'Type=simple',
    'User=ncr',
    ...(spec.cwd === undefined ? [] : [`WorkingDirectory=${spec.cwd}`]),
    ...environment,
    `ExecStart=${[spec.command, ...spec.args].map(quote).join(' ')}`,
    'Restart=on-failure',
    'RestartSec=5',
    'LimitNOFILE=65536',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

const unitName = (org: OrgConfig, role: Role): string => `ncr-${org.key}-${role}.service`;

/** The package ID this site's chaincode service runs, or a placeholder before the chaincode was committed. */
function packageId(org: OrgConfig): string {
  const file = sitePaths(org.key).chaincodePackageId;
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '@CHAINCODE_PACKAGE_ID@';
}

function unitSpecs(topology: Topology, org: OrgConfig): Record<Role, DaemonSpec> {
  return {
    ca: caSpec(org),
    orderer: ordererSpec(org),
    peer: peerSpec(org),
    chaincode: chaincodeSpec(org, packageId(org)),
    gateway: restGatewaySpec(topology, org),
    'read-model': readModelSpec(org),
  };
}

/**
 * Copies what the organisations published (certificates, genesis block, package, profiles), with the paths in its
 * JSON and YAML files rewritten for the host.
 */
function copyPublic(to: string, remap: (text: string) => string): void {
  if (!fs.existsSync(publicPaths.dir)) return;
  fs.cpSync(publicPaths.dir, to, { recursive: true });
  for (const entry of fs.readdirSync(to, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && /\.(json|ya?ml)$/.test(entry.name)) {
      fs.writeFileSync(file, remap(fs.readFileSync(file, 'utf8')));
    }
  }
}

/**
 * Writes into `.ncr/bundles/<org>/` what organisation `key` needs to run its site on its own host at `target.host`:
 * the topology with that address, its node and CA configs rendered for that host, the public inputs, a systemd unit
 * per process and a runbook. It holds no key and no secret of any organisation: the site's keys are made on its
 * host, by enrolling at its own CA, and its CA's registrar secret is generated there.
 */
export function writeBundle(topology: Topology, key: string, target: BundleTarget): string {
  // On its own host the site runs in no namespace of ours.
  const org: OrgConfig = { ...orgByKey(topology, key), host: z.ipv4().parse(target.host), netns: undefined };
  const hosted: Topology = { ...topology, orgs: topology.orgs.map((entry) => (entry.key === key ? org : entry)) };
  const dir = path.join(paths.home, 'bundles', key);
  fs.rmSync(dir, { recursive: true, force: true });
  const remap = remapper(target);
  const write = (relative: string, text: string): void => {
    writeFile(path.join(dir, relative), remap(text));
  };

  writeJson(path.join(dir, 'topology.json'), hosted);
  // For review: `npm run org -- <org> identities` writes the CA's own, with the secret it generates on the host.
  write('fabric-ca-server-config.yaml', caServerConfig(org, REGISTRAR_SECRET_PLACEHOLDER));
  // Laid out as under NCR_HOME, where the units look for them.
  for (const config of [ordererConfig(hosted, org), peerConfig(hosted, org)]) {
    write(path.join(path.relative(paths.home, nodeDir(org, config.name)), config.file), config.text);
  }
  copyPublic(ensureDir(path.join(dir, 'public')), remap);

  const specs = unitSpecs(hosted, org);
  const after: Record<Role, Role[]> = {
    ca: [],
    orderer: ['ca'],
    peer: ['orderer'],
    chaincode: ['peer'],
    gateway: ['peer', 'chaincode'],
    'read-model': ['peer'],
  };
  for (const role of ROLES) {
    const unit = systemdUnit(
      org,
      role,
      specs[role],
      after[role].map((other) => unitName(org, other)),
    );
    write(path.join('systemd', unitName(org, role)), unit);
  }
  write('RUNBOOK.md', runbook(hosted, org, target));
  return dir;
}

/** The short runbook, with this organisation's own names, address, ports and folders. */
function runbook(topology: Topology, org: OrgConfig, target: BundleTarget): string {
  const site = sitePaths(org.key);
  const env = `NCR_HOME=${target.home} NCR_TOPOLOGY=${target.home}/topology.json FABRIC_BIN=${target.home}/bin`;
  const ports = [
    `CA ${org.ca.port}`,
    `orderer ${org.orderer.port} (cluster ${org.orderer.clusterPort}, admin ${org.orderer.adminPort})`,
    `peer ${org.peer.port}`,
    `REST gateway ${gatewayPort(topology, org)}`,
  ].join(', ');
  return `# Site of ${org.name} (${org.mspId}) on ${target.host}

Written by \`npm run org:bundle -- ${org.key} --host ${target.host}\`. Paths below are on that host: the repository
at \`${target.repo}\`, the state folder (NCR_HOME) at \`${target.home}\`. This bundle holds no key and no secret:
everything secret is made on the host and stays there. See docs/deploy.md for the whole procedure.

Contents: \`topology.json\` (this site at ${target.host}), \`orgs/${org.key}/nodes/\` (${names.orderer(org)} and
${names.peer(org)} configs for this host), \`public/\` (what the organisations published: MSPs, CA and orderer TLS
certificates, genesis block, chaincode package, connection profiles), \`systemd/\` (one unit per process) and
\`fabric-ca-server-config.yaml\` (the CA's config for review; step 4 writes the CA's own, with its secret).

1. Prepare the host: a user \`ncr\`, Node 20+, Go (to build Fabric: step 1 of docs/network.md) or the Fabric
   binaries in \`${target.home}/bin\`; check out and build the repository in \`${target.repo}\` (\`npm ci && npm run build\`).
2. Open to the other sites (and nothing else): ${ports}.
   Operations ports (${org.orderer.operationsPort},
   ${org.peer.operationsPort}, ${org.ca.operationsPort}) answer health and metrics without TLS: monitoring only.
3. Copy \`topology.json\`, \`public/\` and \`orgs/\` into \`${target.home}/\`.
4. Enroll this site's identities from its own CA, on this host (the CA starts; its registrar secret is generated into
   \`${path.relative(paths.home, site.registrarSecret)}\` under NCR_HOME, mode 0600):
   \`${env} npm run org -- ${org.key} identities\`
   Then send \`${target.home}/public/orgs/${org.key}/\` (certificates only) to the channel's administrators, and stop
   the CA this started (\`npm run org -- ${org.key} stop\`, same environment) before the units take over.
5. Once the channel admits this organisation (a genesis block or config update from every organisation's published
   certificates, in \`public/channel/\`), join it: \`osnadmin channel join\` on this orderer's admin port and
   \`peer channel join\` as this site's admin, as \`scripts/src/network/channel.ts\` does.
6. Install the units: copy \`systemd/*.service\` to \`/etc/systemd/system/\`, \`systemctl daemon-reload\`, then
   \`systemctl enable --now ${ROLES.map((role) => unitName(org, role)).join(' ')}\`
   (or run the same processes with \`${env} npm run org -- ${org.key} start\`).
7. Check: \`curl http://${target.host}:${gatewayPort(topology, org)}/v1/health\`; \`${env} npm run org -- ${org.key} status\`.
`;
}

/** `npm run org:bundle -- <org> --host <address> [--home <dir>] [--repo <dir>]`. */
export function registerBundleCommand(program: Command): void {
  program
    .command('bundle')
    .description('write what one organisation needs to run its site on its own host (.ncr/bundles/<org>/)')
    .argument('<org>', 'organisation key in the topology (e.g. developer)')
    .requiredOption('--host <address>', "the address of the organisation's host (IPv4)")
    .option('--home <dir>', 'NCR_HOME on that host', '/var/lib/ncr')
    .option('--repo <dir>', 'this repository, checked out and built on that host', '/opt/ncr')
    .action((key: string, options: { host: string; home: string; repo: string }) => {
      const topology = loadTopology();
      const dir = writeBundle(topology, key, options);
      step(`Bundle of ${orgByKey(topology, key).mspId} for ${options.host}`);
      detail(`${dir} (RUNBOOK.md, topology.json, orgs/, public/, systemd/, fabric-ca-server-config.yaml)`);
    });
}
