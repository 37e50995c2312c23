import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { paths, publicPaths, sitePaths } from '../lib/paths';

const port = z.number().int().min(1024).max(65535);

/** Where an organisation's nodes listen when the topology names no `host`: the one-machine demo. */
const LOOPBACK = '127.0.0.1';

/** An organisation with a CA, a peer, a chaincode service and a gateway: one that joins a running channel. */
export const MemberSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9-]*$/),
  mspId: z.string().regex(/^[A-Za-z][A-Za-z0-9]*MSP$/),
  name: z.string().min(1),
  /**
   * The address every node of the organisation listens on and advertises (CA, orderer, peer, chaincode service,
   * REST gateway), also written into its TLS certificates; 127.0.0.1 when absent. Read it through {@link orgHost}.
   */
  host: z.ipv4().optional(),
  /** A Linux network namespace the organisation's processes run in (`ip netns exec <netns> …`), when set. */
  netns: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,14}$/)
    .optional(),
  ca: z.object({ port, operationsPort: port }),
  peer: z.object({ port, chaincodePort: port, operationsPort: port }),
  chaincodeService: z.object({ port }),
  /** Its REST gateway; by default the topology's `gateway.port` plus the organisation's index. */
  gateway: z.object({ port }).optional(),
});

/** An organisation of the topology: a member that also runs one of the channel's Raft orderers. */
export const OrgSchema = MemberSchema.extend({
  orderer: z.object({ port, clusterPort: port, adminPort: port, operationsPort: port }),
});

const TopologySchema = z.object({
  channel: z.string().regex(/^[a-z][a-z0-9.-]*$/),
  chaincode: z.object({ name: z.string().min(1), version: z.string().min(1) }),
  endorsementPolicy: z.string().min(1),
  gateway: z.object({ port }),
  orgs: z.array(OrgSchema).min(1),
  /** The workflow profile `npm start` installs when it initialises the registry: a name in network/profiles/. */
  workflowProfile: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/)
    .default('lean'),
});

export type MemberConfig = z.infer<typeof MemberSchema>;
export type OrgConfig = z.infer<typeof OrgSchema>;
export type Topology = z.infer<typeof TopologySchema>;
/** The topology's organisations followed by those that joined the running channel (scripts/src/network/members.ts). */
export type Network = Omit<Topology, 'orgs'> & { readonly orgs: readonly MemberConfig[] };

/** True for an organisation that runs an orderer (every organisation of the topology). */
export const hasOrderer = (org: MemberConfig): org is OrgConfig => 'orderer' in org;

export function loadTopology(file = paths.topology): Topology {
  const topology = TopologySchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  assertNoPortClash(topology, file);
  return topology;
}

/** Every port the network's processes listen on must be its own on its host (a port may repeat across hosts). */
export function assertNoPortClash(network: Network, where: string): void {
  const ports = network.orgs.flatMap((org) =>
    [
      gatewayPort(network, org),
      org.ca.port,
      org.ca.operationsPort,
      ...(hasOrderer(org) ? Object.values(org.orderer) : []),
      ...Object.values(org.peer),
      org.chaincodeService.port,
    ].map((value) => ({ host: orgHost(org), port: value })),
  );
  const key = ({ host, port }: { host: string; port: number }): string => `${host} ${port}`;
  const clash = ports.find((value, index) => ports.findIndex((other) => key(other) === key(value)) !== index);
  if (clash !== undefined) throw new Error(`${where}: on ${clash.host}, port ${clash.port} is used twice`);
}

/**
 * The workflow profile file `npm start` installs at initialisation: `NCR_PROFILE` (a name in network/profiles/, or
 * a path to a .json file), else the topology's `workflowProfile` (default `lean`).
 */
export function workflowProfileFile(topology: Topology): string {
  const chosen = process.env.NCR_PROFILE ?? topology.workflowProfile;
  const file = chosen.endsWith('.json') ? path.resolve(chosen) : path.join(paths.network, 'profiles', `${chosen}.json`);
  if (!fs.existsSync(file))
    throw new Error(`workflow profile ${file} does not exist (NCR_PROFILE, topology workflowProfile)`);
  return file;
}

/** The port of the organisation's REST gateway: its own, or the network's `gateway.port` plus its index. */
export function gatewayPort(network: Network, org: MemberConfig): number {
  const index = network.orgs.findIndex((entry) => entry.key === org.key);
  if (org.gateway === undefined && index < 0) throw new Error(`${org.key} is not an organisation of the network`);
  return org.gateway?.port ?? network.gateway.port + index;
}

/** The one home of "the address of organisation X": where its nodes listen and what they advertise. */
export const orgHost = (org: MemberConfig): string => org.host ?? LOOPBACK;

/** The names a TLS certificate of the organisation is valid for: loopback, its own address, and `extra`. */
export const tlsHosts = (org: MemberConfig, ...extra: string[]): string[] => [
  ...new Set([LOOPBACK, 'localhost', orgHost(org), ...extra]),
];

/** The `netns` field of a daemon spec: the organisation's namespace, when the topology gives one. */
export const inNetns = (org: MemberConfig): { netns?: string } => (org.netns === undefined ? {} : { netns: org.netns });

/** `host:port` of one of the organisation's listeners. */
export const endpoint = (org: MemberConfig, port: number): string => `${orgHost(org)}:${port}`;

/** An HTTP URL on one of the organisation's plain listeners (operations endpoints, the REST gateway). */
export const httpUrl = (org: MemberConfig, port: number, route = ''): string => `http://${endpoint(org, port)}${route}`;

export const gatewayUrl = (network: Network, org: MemberConfig): string => httpUrl(org, gatewayPort(network, org));

/** The topology entry of an organisation key, or an error naming the known ones. */
export function orgByKey<T extends MemberConfig>(topology: { readonly orgs: readonly T[] }, key: string): T {
  const org = topology.orgs.find((entry) => entry.key === key);
  if (org === undefined)
    throw new Error(`no organisation ${key}; the topology has ${topology.orgs.map((o) => o.key).join(', ')}`);
  return org;
}

/** Node names and where each node's files live. */
export const names = {
  domain: (org: MemberConfig): string => `${org.key}.ncr`,
  caName: (org: MemberConfig): string => `ca-${org.key}`,
  peer: (org: MemberConfig): string => `peer0.${org.key}.ncr`,
  orderer: (org: MemberConfig): string => `orderer0.${org.key}.ncr`,
  admin: (org: MemberConfig): string => `${org.key}-admin`,
  /** TLS-only identity for the organisation's client applications (peers require mutual TLS). */
  tlsClient: (org: MemberConfig): string => `${org.key}-tls-client`,
  chaincodeService: (org: MemberConfig): string => `chaincode.${org.key}.ncr`,
  /** Named `gateway…` so that stop ends them first (scripts/src/commands/stop.ts). */
  gateway: (org: MemberConfig): string => `gateway.${org.key}`,
  readModel: (org: MemberConfig): string => `gateway-readmodel.${org.key}`,
};

/** What every site may read of `org`: the certificates it published (see {@link publicPaths}). */
export const published = (org: MemberConfig) => publicPaths.org(org.key);

/** Crypto material layout under .ncr/orgs/<org>/crypto/ (written by identities.ts); only that site reads it. */
export const cryptoPaths = (org: MemberConfig) => {
  const base = sitePaths(org.key).crypto;
  const node = (name: string) => ({
    dir: path.join(base, name),
    msp: path.join(base, name, 'msp'),
    tls: path.join(base, name, 'tls'),
  });
  return {
    base,
    caCert: path.join(base, 'ca.crt'),
    registrar: node('registrar'),
    peer: node(names.peer(org)),
    orderer: node(names.orderer(org)),
    admin: node(names.admin(org)),
    tlsClient: node(names.tlsClient(org)),
  };
};
