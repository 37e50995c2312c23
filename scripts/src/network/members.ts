import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeJson } from '../lib/files';
import { paths, publicPaths } from '../lib/paths';
import {
  MemberSchema,
  assertNoPortClash,
  loadTopology,
  type MemberConfig,
  type Network,
  type Topology,
} from './topology';

/**
 * Organisations that join the running channel after `npm start` made it (`npm run org:join -- <entry>`). An entry
 * (network/orgs/<key>.json) is shaped like an organisation of network/topology.json without an orderer, its ports
 * numbered as in network/topology.json: a topology that moves every port (NCR_TOPOLOGY) moves the entry's by the
 * same amount, measured on the first organisation's peer port. The joined ones, ports resolved, are recorded in
 * `.ncr/public/channel/joined.json` in the order they joined, so that start, stop and status know them.
 */

/** An entry file: a member organisation, nothing else (an orderer or a misspelt key is refused), and a comment. */
const EntrySchema = MemberSchema.extend({ $comment: z.string().optional() }).strict();

/** How far the topology in use moved its ports from network/topology.json's (0 for that file itself). */
export function portShift(topology: Topology): number {
  const reference = loadTopology(path.join(paths.network, 'topology.json')).orgs[0];
  const first = topology.orgs[0];
  if (reference === undefined || first === undefined) throw new Error('a topology without organisations');
  return first.peer.port - reference.peer.port;
}

export const shifted = <T extends Record<string, number>>(ports: T, shift: number): T =>
  Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, port + shift])) as T;

/** An entry with its ports moved by the topology's shift. */
function resolveEntry(entry: MemberConfig, shift: number): MemberConfig {
  return {
    ...entry,
    ca: shifted(entry.ca, shift),
    peer: shifted(entry.peer, shift),
    chaincodeService: shifted(entry.chaincodeService, shift),
    ...(entry.gateway === undefined ? {} : { gateway: shifted(entry.gateway, shift) }),
  };
}

/** Reads an entry file, resolves its ports for `topology` and checks they clash with nothing of the network. */
export function loadEntry(file: string, topology: Topology): MemberConfig {
  const parsed = EntrySchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  const { $comment: _comment, ...member } = parsed.data;
  const entry = resolveEntry(member, portShift(topology));
  const network = withJoined(topology);
  const other = network.orgs.find((org) => org.key !== entry.key && org.mspId === entry.mspId);
  if (other !== undefined) throw new Error(`${file}: ${entry.mspId} is already the MSP of ${other.key}`);
  if (topology.orgs.some((org) => org.key === entry.key)) throw new Error(`${entry.key} is in the topology already`);
  assertNoPortClash({ ...network, orgs: [...network.orgs.filter((org) => org.key !== entry.key), entry] }, file);
  return entry;
}

/** The organisations that joined, in order (none before the first join). */
export function joinedOrgs(): MemberConfig[] {
  if (!fs.existsSync(publicPaths.joined)) return [];
  return z.array(MemberSchema).parse(JSON.parse(fs.readFileSync(publicPaths.joined, 'utf8')));
}

/** The topology's organisations followed by those that joined. */
export function withJoined(topology: Topology, joined = joinedOrgs()): Network {
  return { ...topology, orgs: [...topology.orgs, ...joined] };
}

/** Records `org` as joined (replacing an older record of the same key). */
export function recordJoined(org: MemberConfig): void {
  writeJson(publicPaths.joined, [...joinedOrgs().filter((entry) => entry.key !== org.key), org]);
}

/** Forgets a joined organisation (it left the channel). */
export function forgetJoined(key: string): void {
  writeJson(
    publicPaths.joined,
    joinedOrgs().filter((entry) => entry.key !== key),
  );
}
