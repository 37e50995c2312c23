import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureDir } from './files';
import { paths, sitePaths, type SitePaths } from './paths';

/** A process of a site: its PID and log are in that site's own folder. */
export interface Daemon {
  readonly site: SitePaths;
  readonly name: string;
}

/** How a site's process is launched: also what `npm run org:bundle` writes into its systemd units. */
export interface DaemonSpec extends Daemon {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  /** Set over the launching process's own environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** The Linux network namespace of the site's host, when the topology runs it in one. */
  readonly netns?: string;
}

/** The program and arguments that start `spec`: through `ip netns exec <netns>` when it has a namespace. */
function launchCommand(spec: DaemonSpec): [string, ...string[]] {
  return spec.netns === undefined
    ? [spec.command, ...spec.args]
    : ['ip', 'netns', 'exec', spec.netns, spec.command, ...spec.args];
}

const pidFile = (daemon: Daemon): string => path.join(daemon.site.pids, `${daemon.name}.pid`);
export const logFile = (daemon: Daemon): string => path.join(daemon.site.logs, `${daemon.name}.log`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** PID of a recorded process that is still running, or undefined. */
export function runningPid(daemon: Daemon): number | undefined {
  const file = pidFile(daemon);
  if (!fs.existsSync(file)) return undefined;
  const pid = Number(fs.readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
}

/** Starts a background process (own process group, output appended to its log) and records its PID. */
export function startDaemon(spec: DaemonSpec): number {
  ensureDir(spec.site.logs);
  ensureDir(spec.site.pids);
  const out = fs.openSync(logFile(spec), 'a');
  const [command, ...args] = launchCommand(spec);
  const child = spawn(command, args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    detached: true,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  if (child.pid === undefined) throw new Error(`could not start ${spec.name} (${spec.command})`);
  child.unref();
  fs.writeFileSync(pidFile(spec), `${child.pid}\n`);
  return child.pid;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Stops a recorded process: SIGTERM to its process group, SIGKILL after the grace period. */
export async function stopDaemon(daemon: Daemon, graceMs = 10_000): Promise<boolean> {
  const pid = runningPid(daemon);
  fs.rmSync(pidFile(daemon), { force: true });
  if (pid === undefined) return false;
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* already gone */
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive(pid) && Date.now() < deadline) await sleep(100);
  if (alive(pid)) signal('SIGKILL');
  while (alive(pid)) await sleep(50);
  return true;
}

/** The sites under NCR_HOME (`.ncr/orgs/<org>/`), whether or not the topology still lists them. */
function siteKeys(): string[] {
  return fs.existsSync(paths.orgs) ? fs.readdirSync(paths.orgs).sort() : [];
}

/** Every process with a PID file (running or not) of the given sites, by default of every site. */
export function recordedDaemons(sites: readonly string[] = siteKeys()): Daemon[] {
  return sites.flatMap((key) => {
    const site = sitePaths(key);
    if (!fs.existsSync(site.pids)) return [];
    return fs
      .readdirSync(site.pids)
      .filter((file) => file.endsWith('.pid'))
      .map((file) => ({ site, name: file.slice(0, -'.pid'.length) }));
  });
}

/** Polls until `check` resolves true; throws with the log tail of `name` on timeout. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs?: number; intervalMs?: number; daemon?: Daemon } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let lastError = '';
  for (;;) {
    try {
      if (await check()) return;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err); // not ready yet
    }
    if (options.daemon !== undefined && runningPid(options.daemon) === undefined) {
      throw new Error(`${what}: process ${options.daemon.name} exited\n${logTail(options.daemon)}`);
    }
    if (Date.now() > deadline) {
      const tail = options.daemon === undefined ? '' : `\n${logTail(options.daemon)}`;
      const cause = lastError === '' ? '' : ` (last error: ${lastError})`;
      throw new Error(`timed out waiting for ${what}${cause}${tail}`);
    }
    await sleep(options.intervalMs ?? 250);
  }
}

function logTail(daemon: Daemon, lines = 30): string {
  const file = logFile(daemon);
  if (!fs.existsSync(file)) return `(no log at ${file})`;
  return `--- last lines of ${file} ---\n${fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')}`;
}

/** True when an HTTP GET answers 200. */
export async function httpOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return response.ok;
}
