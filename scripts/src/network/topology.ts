import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { paths, publicPaths, sitePaths } from '../lib/paths';

const port = z.number().int().min(1024).max(65535);

const OrgSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9-]*$/),
  mspId: z.string().regex(/^[A-Za-z][A-Za-z0-9]*MSP$/),
  name: z.string().min(1),
  ca: z.object({ port, operationsPort: port }),
  orderer: z.object({ port, clusterPort: port, adminPort: port, operationsPort: port }),
  peer: z.object({ port, chaincodePort: port, operationsPort: port }),
  chaincodeService: z.object({ port }),
  /** Its REST gateway; by default the topology's `gateway.port` plus the organisation's index. */
  gateway: z.object({ port }).optional(),
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

export type OrgConfig = z.infer<typeof OrgSchema>;
export type Topology = z.infer<typeof TopologySchema>;

export function loadTopology(file = paths.topology): Topology {
  const topology = TopologySchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  const ports = topology.orgs.flatMap((org) => [
    gatewayPort(topology, org),
    org.ca.port,
    org.ca.operationsPort,
    ...Object.values(org.orderer),
    ...Object.values(org.peer),
    org.chaincodeService.port,
  ]);
  const clash = ports.find((value, index) => ports.indexOf(value) !== index);
  if (clash !== undefined) throw new Error(`${file}: port ${clash} is used twice`);
  return topology;
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

/** The port of the organisation's REST gateway: its own, or the topology's `gateway.port` plus its index. */
export function gatewayPort(topology: Topology, org: OrgConfig): number {
  return org.gateway?.port ?? topology.gateway.port + topology.orgs.findIndex((entry) => entry.key === org.key);
}

export const gatewayUrl = (topology: Topology, org: OrgConfig): string =>
  `http://127.0.0.1:${gatewayPort(topology, org)}`;

/** The topology entry of an organisation key, or an error naming the known ones. */
export function orgByKey(topology: Topology, key: string): OrgConfig {
  const org = topology.orgs.find((entry) => entry.key === key);
  if (org === undefined)
    throw new Error(`no organisation ${key}; the topology has ${topology.orgs.map((o) => o.key).join(', ')}`);
  return org;
}

/** Node names and where each node's files live. */
export const names = {
  domain: (org: OrgConfig): string => `${org.key}.ncr`,
  caName: (org: OrgConfig): string => `ca-${org.key}`,
  peer: (org: OrgConfig): string => `peer0.${org.key}.ncr`,
  orderer: (org: OrgConfig): string => `orderer0.${org.key}.ncr`,
  admin: (org: OrgConfig): string => `${org.key}-admin`,
  /** TLS-only identity for the organisation's client applications (peers require mutual TLS). */
  tlsClient: (org: OrgConfig): string => `${org.key}-tls-client`,
  chaincodeService: (org: OrgConfig): string => `chaincode.${org.key}.ncr`,
  /** Named `gateway…` so that stop ends them first (scripts/src/commands/stop.ts). */
  gateway: (org: OrgConfig): string => `gateway.${org.key}`,
  readModel: (org: OrgConfig): string => `gateway-readmodel.${org.key}`,
};

/** What every site may read of `org`: the certificates it published (see {@link publicPaths}). */
export const published = (org: OrgConfig) => publicPaths.org(org.key);

/** Crypto material layout under .ncr/orgs/<org>/crypto/ (written by identities.ts); only that site reads it. */
export const cryptoPaths = (org: OrgConfig) => {
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
