import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { paths } from '../lib/paths';
import type { Machine } from './result';

/** The Fabric module pinned in network/tools/fabric/go.mod (binaries built from source say "latest"). */
function pinnedFabric(): string | undefined {
  try {
    const goMod = fs.readFileSync(path.join(paths.network, 'tools', 'fabric', 'go.mod'), 'utf8');
    return /^require github\.com\/hyperledger\/fabric (\S+)$/m.exec(goMod)?.[1];
  } catch {
    return undefined;
  }
}

/** The version `peer version` reports, and the pinned module when the binary reports no release. */
function fabricVersion(): string {
  let reported = 'unknown';
  try {
    const text = execFileSync(path.join(paths.bin, 'peer'), ['version'], {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    reported = /Version:\s*(\S+)/.exec(text)?.[1] ?? 'unknown';
  } catch {
    reported = `unknown (no peer binary in ${paths.bin})`;
  }
  const pin = pinnedFabric();
  return /^v\d/.test(reported) || pin === undefined
    ? reported
    : `module ${pin} (network/tools/fabric/go.mod; peer version says "${reported}")`;
}

/** The channel's `BatchTimeout` in ms (network/config/channel.yaml): how long an orderer waits to cut a block. */
function batchTimeoutMs(): number | null {
  try {
    const channel = fs.readFileSync(path.join(paths.network, 'config', 'channel.yaml'), 'utf8');
    const ms = /^\s*BatchTimeout:\s*(\d+)ms\s*$/m.exec(channel)?.[1];
    return ms === undefined ? null : Number(ms);
  } catch {
    return null;
  }
}

const load = (): number[] => os.loadavg().map((value) => Math.round(value * 100) / 100);

export function machineAtStart(): Omit<Machine, 'loadAverageEnd'> {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    fabric: fabricVersion(),
    batchTimeoutMs: batchTimeoutMs(),
    os: `${os.type()} ${os.release()}`,
    loadAverageStart: load(),
  };
}

export function loadAverageNow(): number[] {
  return load();
}
