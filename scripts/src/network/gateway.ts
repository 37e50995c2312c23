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
const gatewayMain = path.join(paths.root, 'gateway-api', 'dist', 'src', 'main.js');
const readModelMain = path.join(paths.root, 'gateway-api', 'dist', 'src', 'read-model', 'main.js');
const reconcileMain = path.join(paths.root, 'gateway-api', 'dist', 'src', 'read-model', 'reconcile-main.js');
export const readModelDb = path.join(paths.home, 'read-model', 'registry.sqlite');
const bootstrapCli = path.join(paths.root, 'gateway-api', 'dist', 'src', 'bootstrap', 'cli.js');
export const usersFile = path.join(paths.home, 'users.json');

/** Starts (or reuses) the REST gateway and waits until it reports the ledger reachable. */
export async function startGateway(topology: Topology): Promise<void> {
  if (!fs.existsSync(gatewayMain)) throw new Error(`gateway is not built (${gatewayMain} missing): run npm run build`);
  const env = { ...process.env, PORT: String(topology.gateway.port), HOST: '127.0.0.1', NCR_HOME: paths.home };
  if (runningPid(GATEWAY_PROCESS) === undefined) {
    startDaemon({ name: GATEWAY_PROCESS, command: process.execPath, args: [gatewayMain], cwd: paths.root, env });
  }
  const url = `http://127.0.0.1:${topology.gateway.port}`;
  await waitFor('gateway health', () => httpOk(`${url}/v1/health`), { logName: GATEWAY_PROCESS, timeoutMs: 60_000 });
  detail(`REST gateway at ${url}  (OpenAPI ${url}/v1/openapi.json, Swagger UI ${url}/docs)`);
}

/**
 * Starts (or reuses) the read model: follows committed blocks into SQLite ($NCR_HOME/read-model/registry.sqlite)
 * from its checkpoint. Deleting the database and starting again rebuilds it from block 0.
 */
export async function startReadModel(): Promise<void> {
  if (!fs.existsSync(readModelMain))
    throw new Error(`read model is not built (${readModelMain} missing): run npm run build`);
  if (runningPid(READ_MODEL_PROCESS) === undefined) {
    startDaemon({
      name: READ_MODEL_PROCESS,
      command: process.execPath,
      args: [readModelMain],
      cwd: paths.root,
      env: { ...process.env, NCR_HOME: paths.home },
    });
  }
  await waitFor('read model database', () => Promise.resolve(fs.existsSync(readModelDb)), {
    logName: READ_MODEL_PROCESS,
    timeoutMs: 30_000,
  });
  detail(`read model (SQLite, follows committed blocks): ${readModelDb}  log: ${paths.logs}/${READ_MODEL_PROCESS}.log`);
}

/** Compares the read model with the chaincode's state, printing every difference; returns the exit code. */
export function reconcileReadModel(): number {
  if (!fs.existsSync(reconcileMain))
    throw new Error(`reconcile is not built (${reconcileMain} missing): run npm run build`);
  const outcome = spawnSync(process.execPath, [reconcileMain], {
    cwd: paths.root,
    env: { ...process.env, NCR_HOME: paths.home },
    stdio: 'inherit',
  });
  return outcome.status ?? 1;
}

/** Creates the demo registry, accounts and users once (idempotent), writing their API keys to .ncr/users.json. */
export async function bootstrapDemoUsers(): Promise<void> {
  if (!fs.existsSync(usersFile)) {
    await run(process.execPath, [bootstrapCli], { cwd: paths.root, env: { ...process.env, NCR_HOME: paths.home } });
  }
  detail(`demo users and their API keys: ${usersFile}`);
}
