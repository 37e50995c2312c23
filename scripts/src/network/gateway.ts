import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { run } from '../lib/exec';
import { detail } from '../lib/log';
import { paths } from '../lib/paths';
import { httpOk, runningPid, startDaemon, waitFor } from '../lib/processes';
import type { Topology } from './topology';

export const GATEWAY_PROCESS = 'gateway';
/** Named `gateway-…` so that stop ends it first, with the gateway (scripts/src/commands/stop.ts). */
export const READ_MODEL_PROCESS = 'gateway-readmodel';
export const readModelDb = path.join(paths.home, 'read-model', 'registry.sqlite');
const usersFile = path.join(paths.home, 'users.json');

/** A compiled gateway-api entry point (gateway-api/dist/src/<relative>), which must have been built. */
function gatewayScript(relative: string): string {
  const file = path.join(paths.root, 'gateway-api', 'dist', 'src', relative);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run npm run build`);
  return file;
}

/** Every gateway-api process reads its state under this NCR_HOME. */
const gatewayEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  NCR_HOME: paths.home,
  ...extra,
});

/** Starts the gateway-api entry point `script` as the daemon `name`, unless it already runs. */
function ensureGatewayDaemon(name: string, script: string, env: NodeJS.ProcessEnv = {}): void {
  if (runningPid(name) !== undefined) return;
  startDaemon({
    name,
    command: process.execPath,
    args: [gatewayScript(script)],
    cwd: paths.root,
    env: gatewayEnv(env),
  });
}

/** Starts (or reuses) the REST gateway and waits until it reports the ledger reachable. */
export async function startGateway(topology: Topology): Promise<void> {
  ensureGatewayDaemon(GATEWAY_PROCESS, 'main.js', { PORT: String(topology.gateway.port), HOST: '127.0.0.1' });
  const url = `http://127.0.0.1:${topology.gateway.port}`;
  await waitFor('gateway health', () => httpOk(`${url}/v1/health`), { logName: GATEWAY_PROCESS, timeoutMs: 60_000 });
  detail(`REST gateway at ${url}  (OpenAPI ${url}/v1/openapi.json, Swagger UI ${url}/docs)`);
}

/**
 * Starts (or reuses) the read model: follows committed blocks into SQLite ($NCR_HOME/read-model/registry.sqlite)
 * from its checkpoint. Deleting the database and starting again rebuilds it from block 0.
 */
export async function startReadModel(): Promise<void> {
  ensureGatewayDaemon(READ_MODEL_PROCESS, 'read-model/main.js');
  await waitFor('read model database', () => Promise.resolve(fs.existsSync(readModelDb)), {
    logName: READ_MODEL_PROCESS,
    timeoutMs: 30_000,
  });
  detail(`read model (SQLite, follows committed blocks): ${readModelDb}  log: ${paths.logs}/${READ_MODEL_PROCESS}.log`);
}

/** Compares the read model with the chaincode's state, printing every difference; returns the exit code. */
export function reconcileReadModel(): number {
  const outcome = spawnSync(process.execPath, [gatewayScript('read-model/reconcile-main.js')], {
    cwd: paths.root,
    env: gatewayEnv(),
    stdio: 'inherit',
  });
  return outcome.status ?? 1;
}

/** Creates the demo registry, accounts and users once (idempotent), writing their API keys to .ncr/users.json. */
export async function bootstrapDemoUsers(): Promise<void> {
  if (!fs.existsSync(usersFile)) {
    await run(process.execPath, [gatewayScript('bootstrap/cli.js')], { cwd: paths.root, env: gatewayEnv() });
  }
  detail(`demo users and their API keys: ${usersFile}`);
}
