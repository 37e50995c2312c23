import fs from 'node:fs';
import path from 'node:path';
import { run } from '../lib/exec';
import { detail } from '../lib/log';
import { paths } from '../lib/paths';
import { httpOk, runningPid, startDaemon, waitFor } from '../lib/processes';
import type { Topology } from './topology';

export const GATEWAY_PROCESS = 'gateway';
const gatewayMain = path.join(paths.root, 'gateway-api', 'dist', 'src', 'main.js');
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

/** Creates the demo registry, accounts and users once (idempotent), writing their API keys to .ncr/users.json. */
export async function bootstrapDemoUsers(): Promise<void> {
  if (!fs.existsSync(usersFile)) {
    await run(process.execPath, [bootstrapCli], { cwd: paths.root, env: { ...process.env, NCR_HOME: paths.home } });
  }
  detail(`demo users and their API keys: ${usersFile}`);
}
