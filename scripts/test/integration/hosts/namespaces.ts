import { spawnSync } from 'node:child_process';

/**
 * Separate hosts on one machine: one Linux network namespace per site, each joined to a bridge in the root namespace
 * by a veth pair, with an address of its own on one subnet (the root namespace, where the tests and the start
 * command run, holds the bridge's address and reaches every site).
 */
export interface HostLab {
  readonly bridge: string;
  readonly sites: readonly { readonly key: string; readonly netns: string; readonly host: string }[];
}

const SUBNET = '10.88.0';

function ip(args: readonly string[]): { ok: boolean; output: string } {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  return {
    ok: result.status === 0,
    output: `${result.stdout}${result.stderr}${result.error?.message ?? ''}`,
  };
}

function mustIp(args: readonly string[]): void {
  const { ok, output } = ip(args);
  if (!ok) throw new Error(`ip ${args.join(' ')} failed: ${output.trim()}`);
}

/** Why namespaces cannot be made here (not root, no `ip`, no permission, names taken), or undefined when they can. */
export function namespacesUnavailable(lab: HostLab): string | undefined {
  if (process.getuid?.() !== 0) return 'making network namespaces needs root (ip netns add)';
  const taken = ip(['netns', 'list']);
  if (!taken.ok) return `ip netns list failed: ${taken.output.trim()}`;
  for (const site of lab.sites) {
    if (new RegExp(`^${site.netns}\\b`, 'm').test(taken.output)) return `namespace ${site.netns} already exists`;
  }
  if (ip(['link', 'show', lab.bridge]).ok) return `interface ${lab.bridge} already exists`;
  const probe = `ncr-probe-${process.pid}`.slice(0, 15);
  const made = ip(['netns', 'add', probe]);
  if (!made.ok) return `ip netns add failed: ${made.output.trim()}`;
  ip(['netns', 'delete', probe]);
  return undefined;
}

/** The lab for these organisation keys: bridge ncrbr0 at 10.88.0.1, site i at 10.88.0.(11 + i) in netns ncr-<key>. */
export function hostLab(keys: readonly string[]): HostLab {
  return {
    bridge: 'ncrbr0',
    sites: keys.map((key, index) => ({ key, netns: `ncr-${key}`.slice(0, 15), host: `${SUBNET}.${11 + index}` })),
  };
}

const vethOf = (index: number): [string, string] => [`ncrv${index}`, `ncrv${index}n`];

/** Makes the bridge, the namespaces and their veth pairs, `lo` up in each. */
export function createLab(lab: HostLab): void {
  mustIp(['link', 'add', lab.bridge, 'type', 'bridge']);
  mustIp(['addr', 'add', `${SUBNET}.1/24`, 'dev', lab.bridge]);
  mustIp(['link', 'set', lab.bridge, 'up']);
  lab.sites.forEach((site, index) => {
    const [outside, inside] = vethOf(index);
    mustIp(['netns', 'add', site.netns]);
    mustIp(['link', 'add', outside, 'type', 'veth', 'peer', 'name', inside]);
    mustIp(['link', 'set', inside, 'netns', site.netns]);
    mustIp(['link', 'set', outside, 'master', lab.bridge, 'up']);
    mustIp(['-n', site.netns, 'link', 'set', 'lo', 'up']);
    mustIp(['-n', site.netns, 'addr', 'add', `${site.host}/24`, 'dev', inside]);
    mustIp(['-n', site.netns, 'link', 'set', inside, 'up']);
  });
}

/** Removes whatever of the lab exists (namespaces take their veth ends with them), reporting what failed. */
export function deleteLab(lab: HostLab): string[] {
  const problems: string[] = [];
  lab.sites.forEach((site, index) => {
    ip(['link', 'delete', vethOf(index)[0]]);
    const gone = ip(['netns', 'delete', site.netns]);
    if (!gone.ok && !/No such file/.test(gone.output)) problems.push(gone.output.trim());
  });
  const bridge = ip(['link', 'delete', lab.bridge]);
  if (!bridge.ok && !/Cannot find device/.test(bridge.output)) problems.push(bridge.output.trim());
  return problems;
}

/** The addresses inside `netns` that something listens on at `port` (TCP), from `ss`. */
export function listenersIn(netns: string, port: number): string[] {
  const result = spawnSync('ip', ['netns', 'exec', netns, 'ss', '-Hltn', `sport = :${port}`], { encoding: 'utf8' });
  return result.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[3])
    .filter((local): local is string => local !== undefined && local !== '');
}
