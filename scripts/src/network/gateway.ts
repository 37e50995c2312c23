import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { run } from '../lib/exec';
import { writeJson } from '../lib/files';
import { detail } from '../lib/log';
import { paths, sitePaths } from '../lib/paths';
import { type Daemon, type DaemonSpec, httpOk, logFile, runningPid, startDaemon, waitFor } from '../lib/processes';
import {
  gatewayPort,
  gatewayUrl,
  inNetns,
  names,
  orgHost,
  type MemberConfig,
  type Network,
  type OrgConfig,
  type Topology,
  workflowProfileFile,
} from './topology';

export const gatewayDaemon = (org: MemberConfig): Daemon => ({ site: sitePaths(org.key), name: names.gateway(org) });
export const readModelDaemon = (org: MemberConfig): Daemon => ({
  site: sitePaths(org.key),
  name: names.readModel(org),
});

/** A compiled gateway-api entry point (gateway-api/dist/src/<relative>), which must have been built. */
function gatewayScript(relative: string): string {
  const file = path.join(paths.root, 'gateway-api', 'dist', 'src', relative);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run npm run build`);
  return file;
}

/** Every gateway-api process of a site has that site's folder as its NCR_HOME: its state, network.json, keys. */
const gatewayEnv = (org: MemberConfig, extra: Readonly<Record<string, string>> = {}): Record<string, string> => ({
  NCR_HOME: sitePaths(org.key).home,
  ...extra,
});

/** How a gateway-api entry point `script` of the site is launched as `daemon`. */
const gatewaySpec = (
  org: MemberConfig,
  daemon: Daemon,
  script: string,
  env: Readonly<Record<string, string>> = {},
) => ({
  ...daemon,
  command: process.execPath,
  args: [gatewayScript(script)],
  cwd: paths.root,
  env: gatewayEnv(org, env),
  ...inNetns(org),
});

/** How the organisation's REST gateway is launched: on its own address and port. */
export const restGatewaySpec = (topology: Network, org: MemberConfig): DaemonSpec =>
  gatewaySpec(org, gatewayDaemon(org), 'main.js', { PORT: String(gatewayPort(topology, org)), HOST: orgHost(org) });

/** How the organisation's read model is launched. */
export const readModelSpec = (org: MemberConfig): DaemonSpec =>
  gatewaySpec(org, readModelDaemon(org), 'read-model/main.js');

/** Starts (or reuses) the organisation's REST gateway and waits until it reports the ledger reachable. */
export async function startGateway(topology: Network, org: MemberConfig): Promise<void> {
  const daemon = gatewayDaemon(org);
  if (runningPid(daemon) === undefined) startDaemon(restGatewaySpec(topology, org));
  const url = gatewayUrl(topology, org);
  await waitFor(`${daemon.name} health`, () => httpOk(`${url}/v1/health`), { daemon, timeoutMs: 60_000 });
  detail(`${org.mspId} REST gateway at ${url}  (OpenAPI ${url}/v1/openapi.json, Swagger UI ${url}/docs)`);
}

/**
 * Starts (or reuses) the site's read model: follows committed blocks into SQLite
 * (.ncr/orgs/<org>/read-model/registry.sqlite) from its checkpoint. Deleting the database and starting again
 * rebuilds it from block 0.
 */
export async function startReadModel(org: MemberConfig): Promise<void> {
  const daemon = readModelDaemon(org);
  const { readModelDb } = sitePaths(org.key);
  if (runningPid(daemon) === undefined) startDaemon(readModelSpec(org));
  await waitFor('read model database', () => Promise.resolve(fs.existsSync(readModelDb)), {
    daemon,
    timeoutMs: 30_000,
  });
  detail(`${org.mspId} read model: ${readModelDb}  log: ${logFile(daemon)}`);
}

export const relayerDaemon = (org: MemberConfig): Daemon => ({
  site: sitePaths(org.key),
  name: `gateway-relayer.${org.key}`,
});

/** How the site's relayer of international transfers is launched (docs/international.md); `env` for tests. */
export const relayerSpec = (org: MemberConfig, env: Readonly<Record<string, string>> = {}): DaemonSpec =>
  gatewaySpec(org, relayerDaemon(org), 'international/relayer-main.js', env);

/**
 * Starts (or reuses) the relayer of a government's site: it follows its own channel and the bilateral channels of
 * its cooperative approaches, and takes each international transfer's next step.
 */
export function startRelayer(org: MemberConfig): void {
  const daemon = relayerDaemon(org);
  if (runningPid(daemon) === undefined) startDaemon(relayerSpec(org));
  detail(`${org.mspId} relayer of international transfers  log: ${logFile(daemon)}`);
}

/** Compares a site's read model with the chaincode's state, printing every difference; returns the exit code. */
export function reconcileReadModel(org: MemberConfig): number {
  const outcome = spawnSync(process.execPath, [gatewayScript('read-model/reconcile-main.js')], {
    cwd: paths.root,
    env: { ...process.env, ...gatewayEnv(org) },
    stdio: 'inherit',
  });
  return outcome.status ?? 1;
}

const siteUsersSchema = z.array(
  z.object({ name: z.string(), org: z.string(), enrollmentId: z.string(), url: z.url() }).loose(),
);

/** A site's demo users (its users.json), or none before its bootstrap ran. */
function siteUsers(org: MemberConfig): z.infer<typeof siteUsersSchema> {
  const file = sitePaths(org.key).demoUsers;
  return fs.existsSync(file) ? siteUsersSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8'))) : [];
}

/**
 * The demo users, each created by their own organisation's site: the other sites enroll their accounts' first
 * ADMINs, then the government's site creates the registry and the accounts binding them and installs the workflow
 * profile (`workflowProfileFile`). Their API keys and
 * gateway URLs are gathered into .ncr/users.json (idempotent: kept keys stay valid).
 */
export async function bootstrapDemoUsers(topology: Topology, government: string): Promise<void> {
  if (fs.existsSync(paths.users)) {
    detail(`demo users, their API keys and gateways: ${paths.users}`);
    return;
  }
  const others = topology.orgs.filter((org) => org.mspId !== government);
  const governments = topology.orgs.filter((org) => org.mspId === government);
  for (const org of others) await bootstrapSite(org, {});
  const admins = Object.fromEntries(
    others.flatMap(siteUsers).map((user) => [user.name, { mspId: user.org, enrollmentId: user.enrollmentId }]),
  );
  const profile = workflowProfileFile(topology);
  detail(`workflow profile installed at initialisation: ${profile}`);
  for (const org of governments) await bootstrapSite(org, admins, { NCR_WORKFLOW_PROFILE: profile });
  writeJson(paths.users, topology.orgs.flatMap(siteUsers), 0o600);
  detail(`demo users, their API keys and gateways: ${paths.users}`);
}

async function bootstrapSite(
  org: OrgConfig,
  admins: Record<string, unknown>,
  env: NodeJS.ProcessEnv = {},
): Promise<void> {
  await run(process.execPath, [gatewayScript('bootstrap/cli.js')], {
    cwd: paths.root,
    env: { ...process.env, ...gatewayEnv(org, { ...env, NCR_DEMO_ADMINS: JSON.stringify(admins) }) },
  });
}

/** `npm run org -- <org> enroll <name> <account> <role>`: prints the new user (JSON, with its API key). */
export async function enrollSiteUser(org: MemberConfig, args: readonly string[]): Promise<string> {
  return run(process.execPath, [gatewayScript('bootstrap/enroll-cli.js'), ...args], {
    cwd: paths.root,
    env: { ...process.env, ...gatewayEnv(org) },
  });
}
