import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { raftLeader } from '@ncr/gateway-api';
import { paths } from '../lib/paths';
import { type Daemon, runningPid } from '../lib/processes';
import { httpUrl, type OrgConfig, type Topology } from '../network/topology';

/** The processes of this network (pid files under NCR_HOME only), their Raft roles, kill -9 and the start command. */

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether `pid` runs inside this repository or NCR_HOME (its working folder), so a recycled pid is never hit. */
function ownProcess(pid: number): boolean {
  try {
    const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
    return [paths.root, paths.home].some((dir) => cwd === dir || cwd.startsWith(`${dir}${path.sep}`));
  } catch {
    return false;
  }
}

/** `kill -9` the process recorded in its site's pid files; throws if it is not running or not ours. */
export function killProcess(daemon: Daemon): number {
  const { name } = daemon;
  const pid = runningPid(daemon);
  if (pid === undefined) throw new Error(`${name} is not running (no live pid in ${daemon.site.pids})`);
  if (!ownProcess(pid)) throw new Error(`pid ${pid} of ${name} does not run from ${paths.root}: not killed`);
  process.kill(pid, 'SIGKILL');
  return pid;
}

export interface RaftRoles {
  readonly leader: OrgConfig;
  readonly followers: readonly OrgConfig[];
}

interface OrdererView {
  readonly leads: boolean;
  /** Its ledger height for the channel (`ledger_blockchain_height`). */
  readonly height: number;
}

/** A gauge of the channel in an orderer's Prometheus text, or undefined. */
function channelGauge(metrics: string, name: string, channel: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(`channel="${channel}"`));
  const value = Number(line?.trim().split(/\s+/).pop());
  return line === undefined || !Number.isFinite(value) ? undefined : value;
}

/** Each orderer's view of its leadership and height (operations endpoint metrics); undefined when it does not answer. */
async function ordererView(topology: Topology, org: OrgConfig): Promise<OrdererView | undefined> {
  try {
    const response = await fetch(httpUrl(org, org.orderer.operationsPort, '/metrics'), {
      signal: AbortSignal.timeout(2_000),
    });
    if (!response.ok) return undefined;
    const text = await response.text();
    const leads = raftLeader(text, topology.channel);
    const height = channelGauge(text, 'ledger_blockchain_height', topology.channel);
    return leads === null || height === undefined ? undefined : { leads, height };
  } catch {
    return undefined;
  }
}

/** How many blocks the orderers' heights may differ by and still count as caught up (blocks cut meanwhile). */
const HEIGHT_SLACK = 2;

/**
 * Waits until every orderer answers, exactly one leads the channel, and every orderer holds the leader's blocks
 * (within {@link HEIGHT_SLACK}): a node restarted by the previous fault may still be catching up, and killing another
 * one meanwhile would leave no active quorum.
 */
export async function raftRoles(topology: Topology, timeoutMs = 60_000): Promise<RaftRoles> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const views = await Promise.all(topology.orgs.map((org) => ordererView(topology, org)));
    const leaders = topology.orgs.filter((_, index) => views[index]?.leads === true);
    const heights = views.flatMap((view) => (view === undefined ? [] : [view.height]));
    const [leader] = leaders;
    const settled = heights.length === views.length && Math.max(...heights) - Math.min(...heights) <= HEIGHT_SLACK;
    if (leader !== undefined && leaders.length === 1 && settled) {
      return { leader, followers: topology.orgs.filter((org) => org !== leader) };
    }
    if (Date.now() > deadline) {
      const seen = views.map((view) =>
        view === undefined ? 'no answer' : `${view.leads ? 'leader' : 'follower'} at ${view.height}`,
      );
      throw new Error(`the Raft cluster did not settle in ${timeoutMs / 1000} s (${seen.join(', ')})`);
    }
    await sleep(500);
  }
}

/**
 * One of the project's own commands (scripts/src/cli.ts, what `npm start`, `npm stop`, `npm run org` run), by
 * default the start command, which starts only what is down; `env` picks another network (NCR_HOME, NCR_TOPOLOGY).
 * Its output goes to `logFile`; a failure throws with the end of that log.
 */
export function runCliCommand(
  logFile: string,
  args: readonly string[] = ['start', '--quiet'],
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      path.join(paths.root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      path.join(paths.root, 'scripts', 'src', 'cli.ts'),
      ...args,
    ],
    { cwd: paths.root, env, stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) {
        resolve();
        return;
      }
      const tail = fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-15).join('\n');
      reject(new Error(`${args.join(' ')} exited with ${code ?? 'a signal'}; ${logFile}:\n${tail}`));
    });
  });
}
