import fs from 'node:fs';
import path from 'node:path';
import { run } from '../lib/exec';
import { ensureDir, hashTree, writeFile, writeJson } from '../lib/files';
import { detail, step } from '../lib/log';
import { tcpOpen } from '../lib/net';
import { paths, publicPaths, sitePaths } from '../lib/paths';
import { type Daemon, type DaemonSpec, runningPid, startDaemon, stopDaemon, waitFor } from '../lib/processes';
import { ordererFlags, peerCli } from './admin';
import {
  endpoint,
  inNetns,
  names,
  orgHost,
  published,
  type MemberConfig,
  type OrgConfig,
  type Topology,
} from './topology';

export interface ChaincodePackage {
  readonly label: string;
  readonly file: string;
  readonly packageId: string;
}

/** Deterministic tar.gz (fixed owner, mtime, order) so the same label always gives the same package ID. */
async function tarGz(cwd: string, output: string, entries: readonly string[]): Promise<void> {
  const tarFile = `${output}.tar`;
  await run(
    'tar',
    ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '-cf', tarFile, ...entries],
    {
      cwd,
    },
  );
  await run('gzip', ['-n', '-f', tarFile]);
  fs.renameSync(`${tarFile}.gz`, output);
}

/**
 * Packages the chaincode for the chaincode-as-a-service builder. The package holds only connection.json; its label
 * carries a hash of the compiled chaincode, so changed code gives a new package ID and a new definition sequence.
 */
export async function packageChaincode(topology: Topology): Promise<ChaincodePackage> {
  const dist = path.join(paths.chaincodeSrc, 'dist', 'src');
  if (!fs.existsSync(dist)) throw new Error(`chaincode is not built (${dist} missing): run npm run build`);
  const codeHash = hashTree(dist, (relative) => !relative.endsWith('.map'));
  const label = `${topology.chaincode.name}_${codeHash.slice(0, 12)}`;
  const dir = ensureDir(path.join(publicPaths.chaincode, label));
  const file = path.join(dir, `${label}.tar.gz`);
  if (!fs.existsSync(file)) {
    const first = topology.orgs[0];
    if (!first) throw new Error('topology has no organisations');
    // The builder's release step substitutes each peer's own chaincode service address.
    writeJson(path.join(dir, 'src', 'connection.json'), {
      address: endpoint(first, first.chaincodeService.port),
      dial_timeout: '10s',
      tls_required: false,
    });
    await tarGz(path.join(dir, 'src'), path.join(dir, 'code.tar.gz'), ['connection.json']);
    writeFile(path.join(dir, 'metadata.json'), JSON.stringify({ type: 'ccaas', label }));
    await tarGz(dir, file, ['code.tar.gz', 'metadata.json']);
  }
  const anyOrg = topology.orgs[0];
  if (!anyOrg) throw new Error('topology has no organisations');
  const packageId = (await peerCli(anyOrg, ['lifecycle', 'chaincode', 'calculatepackageid', file])).trim();
  return { label, file, packageId };
}

async function installed(org: MemberConfig): Promise<string[]> {
  const output = await peerCli(org, ['lifecycle', 'chaincode', 'queryinstalled', '--output', 'json']);
  const parsed = JSON.parse(output) as { installed_chaincodes?: { package_id: string }[] };
  return (parsed.installed_chaincodes ?? []).map((entry) => entry.package_id);
}

export const chaincodeDaemon = (org: MemberConfig): Daemon => ({
  site: sitePaths(org.key),
  name: names.chaincodeService(org),
});
const servicePackageFile = (org: MemberConfig): string => sitePaths(org.key).chaincodePackageId;

/** How the organisation's chaincode service (fabric-chaincode-node server) is launched for `packageId`. */
export function chaincodeSpec(org: MemberConfig, packageId: string): DaemonSpec {
  const cli = require.resolve('fabric-shim/cli', { paths: [paths.chaincodeSrc] });
  return {
    ...chaincodeDaemon(org),
    command: process.execPath,
    args: [cli, 'server', '--chaincode-address', endpoint(org, org.chaincodeService.port), '--chaincode-id', packageId],
    cwd: paths.chaincodeSrc,
    // The chaincode reads its peer's MSP (getMspID) to decide which cross-channel checks this peer runs
    // (docs/international.md); each organisation's service serves only its own peer.
    env: { CORE_CHAINCODE_LOGGING_LEVEL: 'info', CORE_PEER_LOCALMSPID: org.mspId },
    ...inNetns(org),
  };
}

/** Runs the organisation's chaincode service (fabric-chaincode-node server) for the given package ID. */
export async function startChaincodeService(org: MemberConfig, packageId: string): Promise<void> {
  const daemon = chaincodeDaemon(org);
  const { name } = daemon;
  const current = fs.existsSync(servicePackageFile(org)) ? fs.readFileSync(servicePackageFile(org), 'utf8') : '';
  if (runningPid(daemon) !== undefined && current !== packageId) await stopDaemon(daemon);
  if (runningPid(daemon) === undefined) {
    startDaemon(chaincodeSpec(org, packageId));
    writeFile(servicePackageFile(org), packageId);
  }
  await waitFor(`${name} listening`, () => tcpOpen(orgHost(org), org.chaincodeService.port), { daemon });
  detail(`${name} (${org.mspId}) at ${endpoint(org, org.chaincodeService.port)}`);
}

interface Committed {
  sequence: number;
}

/** `peer lifecycle chaincode <query>` about our chaincode on the channel, as `org`'s admin; JSON output. */
function lifecycleQuery(
  topology: Topology,
  org: MemberConfig,
  query: 'querycommitted' | 'queryapproved',
  args: readonly string[] = [],
): Promise<string> {
  const chaincode = ['-C', topology.channel, '-n', topology.chaincode.name];
  return peerCli(org, ['lifecycle', 'chaincode', query, ...chaincode, ...args, '-O', 'json']);
}

/** `peer lifecycle chaincode <write>` of a chaincode definition, as `org`'s admin through its orderer. */
function lifecycleWrite(
  topology: Topology,
  org: MemberConfig,
  write: 'approveformyorg' | 'commit',
  args: readonly string[],
  via?: OrgConfig,
): Promise<string> {
  return peerCli(org, ['lifecycle', 'chaincode', write, ...ordererFlags(topology, org, via), ...args]);
}

async function committedSequence(topology: Topology, org: OrgConfig): Promise<number> {
  try {
    const output = await lifecycleQuery(topology, org, 'querycommitted');
    return (JSON.parse(output) as Committed).sequence;
  } catch {
    return 0;
  }
}

async function approvedPackage(topology: Topology, org: MemberConfig, sequence: number): Promise<string | undefined> {
  try {
    const output = await lifecycleQuery(topology, org, 'queryapproved', ['--sequence', String(sequence)]);
    const parsed = JSON.parse(output) as { source?: { Type?: { LocalPackage?: { package_id?: string } } } };
    return parsed.source?.Type?.LocalPackage?.package_id;
  } catch {
    return undefined;
  }
}

/** The committed definition's sequence and whether every organisation runs the current package under it. */
export async function chaincodeStatus(
  topology: Topology,
  pkg: ChaincodePackage,
): Promise<{ sequence: number; current: boolean }> {
  const first = topology.orgs[0];
  if (!first) throw new Error('topology has no organisations');
  const sequence = await committedSequence(topology, first);
  if (sequence === 0) return { sequence, current: false };
  const approvals = await Promise.all(topology.orgs.map((org) => approvedPackage(topology, org, sequence)));
  return { sequence, current: approvals.every((id) => id === pkg.packageId) };
}

/**
 * The full lifecycle for the current chaincode build: install on every peer, run every organisation's chaincode
 * service, approve by every organisation with the endorsement policy, commit. A no-op when already current;
 * a changed build is committed as the next sequence.
 */
export async function deployChaincode(topology: Topology): Promise<{ sequence: number; packageId: string }> {
  const pkg = await packageChaincode(topology);
  for (const org of topology.orgs) {
    if (!(await installed(org)).includes(pkg.packageId)) {
      await peerCli(org, ['lifecycle', 'chaincode', 'install', pkg.file]);
      detail(`installed ${pkg.label} on ${names.peer(org)}`);
    }
    await startChaincodeService(org, pkg.packageId);
  }
  const status = await chaincodeStatus(topology, pkg);
  if (status.current) {
    detail(`chaincode ${topology.chaincode.name} sequence ${status.sequence} is current (${pkg.packageId})`);
    return { sequence: status.sequence, packageId: pkg.packageId };
  }
  const sequence = status.sequence + 1;
  step(`Committing chaincode ${topology.chaincode.name} sequence ${sequence} (${pkg.label})`);
  const definition = [
    '--name',
    topology.chaincode.name,
    '--version',
    `${topology.chaincode.version}-${pkg.label.split('_').pop() ?? ''}`,
    '--sequence',
    String(sequence),
    '--signature-policy',
    topology.endorsementPolicy,
  ];
  for (const org of topology.orgs) {
    // An approval that landed before an interrupted run must not be repeated (the peer refuses it).
    if ((await approvedPackage(topology, org, sequence)) === pkg.packageId) continue;
    await lifecycleWrite(topology, org, 'approveformyorg', [...definition, '--package-id', pkg.packageId]);
    detail(`approved by ${org.mspId}`);
  }
  const committer = topology.orgs[0];
  if (!committer) throw new Error('topology has no organisations');
  const peers = topology.orgs.flatMap((org) => [
    '--peerAddresses',
    endpoint(org, org.peer.port),
    '--tlsRootCertFiles',
    published(org).caCert,
  ]);
  await lifecycleWrite(topology, committer, 'commit', [...definition, ...peers]);
  detail(`committed on ${topology.channel}`);
  return { sequence, packageId: pkg.packageId };
}

/**
 * A peer that joined a running channel: installs the package the committed definition runs (from
 * `.ncr/public/chaincode/`), starts its organisation's chaincode service, and approves that definition (same
 * sequence, version and policy) for its organisation through `via`'s orderer. The definition stays as committed.
 */
export async function approveCommittedDefinition(topology: Topology, org: MemberConfig, via: OrgConfig): Promise<void> {
  const committed = JSON.parse(await lifecycleQuery(topology, via, 'querycommitted')) as Committed & {
    version: string;
  };
  const packageId = await approvedPackage(topology, via, committed.sequence);
  if (packageId === undefined) throw new Error(`${via.mspId} approved no package for sequence ${committed.sequence}`);
  const label = packageId.slice(0, packageId.indexOf(':'));
  if (!(await installed(org)).includes(packageId)) {
    await peerCli(org, [
      'lifecycle',
      'chaincode',
      'install',
      path.join(publicPaths.chaincode, label, `${label}.tar.gz`),
    ]);
    detail(`installed ${label} on ${names.peer(org)}`);
  }
  await startChaincodeService(org, packageId);
  if ((await approvedPackage(topology, org, committed.sequence)) !== packageId) {
    const definition = ['--name', topology.chaincode.name, '--version', committed.version];
    const policy = ['--sequence', String(committed.sequence), '--signature-policy', topology.endorsementPolicy];
    await lifecycleWrite(topology, org, 'approveformyorg', [...definition, ...policy, '--package-id', packageId], via);
  }
  detail(`${org.mspId} approved ${topology.chaincode.name} sequence ${committed.sequence} (${packageId})`);
}
