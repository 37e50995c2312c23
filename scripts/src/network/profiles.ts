import fs from 'node:fs';
import path from 'node:path';
import {
  type NetworkConfig,
  type OrgConfig as OrgDescription,
  networkConfigSchema,
} from '@ncr/gateway-api/network-config';
import { writeJson } from '../lib/files';
import { detail } from '../lib/log';
import { publicPaths, sitePaths } from '../lib/paths';
import { REGISTRAR_ID, caUrl, registrarSecret } from './ca';
import {
  cryptoPaths,
  endpoint,
  gatewayUrl,
  hasOrderer,
  httpUrl,
  names,
  orgHost,
  published,
  type MemberConfig,
  type Network,
} from './topology';

const pem = (file: string): string => fs.readFileSync(file, 'utf8');

/**
 * Writes the standard Fabric connection profile of each organisation (.ncr/public/profiles/<org>.json, certificates
 * inlined, for SDKs, Caliper and explorers), the public network description (.ncr/public/network.json, no secret)
 * and each site's own (.ncr/orgs/<org>/network.json: the public parts plus that organisation's own registrar secret,
 * admin and TLS client), the compact descriptions our own programs read.
 */
export function writeProfiles(topology: Network): void {
  const sections = profileSections(topology);
  for (const org of topology.orgs) {
    writeJson(path.join(publicPaths.profiles, `${org.key}.json`), connectionProfile(topology, org, sections));
  }
  // Checked against the schema its readers parse it with.
  writeJson(publicPaths.networkJson, networkConfigSchema.parse(networkDescription(topology)));
  for (const org of topology.orgs) writeSiteDescription(topology, org);
  detail(`connection profiles in ${publicPaths.profiles}; network description ${publicPaths.networkJson}`);
}

/** The site's own network description; its CA registrar's secret is in it: readable by the site's user only. */
export function writeSiteDescription(topology: Network, org: MemberConfig): void {
  const description = networkDescription(topology);
  const open = orgDescription(topology, org);
  const own = { ...open, ...privateParts(org, open.ca) };
  const file = sitePaths(org.key).networkJson;
  writeJson(
    file,
    networkConfigSchema.parse({ ...description, org: org.mspId, orgs: { ...description.orgs, [org.mspId]: own } }),
    0o600,
  );
}

/** The parts every organisation's connection profile shares: all peers, orderers, CAs and organisations. */
interface ProfileSections {
  readonly peers: Record<string, unknown>;
  readonly orderers: Record<string, unknown>;
  readonly certificateAuthorities: Record<string, unknown>;
  readonly organizations: Record<string, unknown>;
}

function profileSections(topology: Network): ProfileSections {
  const peers = Object.fromEntries(
    topology.orgs.map((org) => [
      names.peer(org),
      {
        url: `grpcs://${endpoint(org, org.peer.port)}`,
        tlsCACerts: { pem: pem(published(org).caCert) },
        grpcOptions: { 'ssl-target-name-override': orgHost(org), hostnameOverride: orgHost(org) },
      },
    ]),
  );
  const orderers = Object.fromEntries(
    topology.orgs
      .filter(hasOrderer)
      .map((org) => [
        names.orderer(org),
        { url: `grpcs://${endpoint(org, org.orderer.port)}`, tlsCACerts: { pem: pem(published(org).caCert) } },
      ]),
  );
  const certificateAuthorities = Object.fromEntries(
    topology.orgs.map((org) => [
      names.caName(org),
      {
        url: caUrl(org),
        caName: names.caName(org),
        tlsCACerts: { pem: [pem(published(org).caCert)] },
        httpOptions: { verify: true },
      },
    ]),
  );
  const organizations = Object.fromEntries(
    topology.orgs.map((org) => [
      org.mspId,
      { mspid: org.mspId, peers: [names.peer(org)], certificateAuthorities: [names.caName(org)] },
    ]),
  );
  return { peers, orderers, certificateAuthorities, organizations };
}

/** The connection profile `org`'s clients use: the shared sections, with `org` as the client organisation. */
function connectionProfile(topology: Network, org: MemberConfig, sections: ProfileSections): unknown {
  const { peers, orderers, certificateAuthorities, organizations } = sections;
  return {
    name: `ncr-${org.key}`,
    version: '1.0.0',
    client: { organization: org.mspId, connection: { timeout: { peer: { endorser: '300' } } } },
    channels: {
      [topology.channel]: {
        orderers: Object.keys(orderers),
        peers: Object.fromEntries(Object.keys(peers).map((p) => [p, {}])),
      },
    },
    organizations,
    orderers,
    peers,
    certificateAuthorities,
  };
}

/** The public description: channel, chaincode, and per organisation its gateway, peer, orderer and CA. */
function networkDescription(topology: Network): NetworkConfig {
  return {
    channel: topology.channel,
    chaincode: topology.chaincode.name,
    orgs: Object.fromEntries(topology.orgs.map((org) => [org.mspId, orgDescription(topology, org)])),
  };
}

function orgDescription(topology: Network, org: MemberConfig): OrgDescription {
  return {
    key: org.key,
    gatewayUrl: gatewayUrl(topology, org),
    peer: {
      name: names.peer(org),
      endpoint: endpoint(org, org.peer.port),
      tlsCACertPath: published(org).caCert,
      operationsUrl: httpUrl(org, org.peer.operationsPort),
    },
    ...(hasOrderer(org)
      ? {
          orderer: {
            name: names.orderer(org),
            endpoint: endpoint(org, org.orderer.port),
            operationsUrl: httpUrl(org, org.orderer.operationsPort),
          },
        }
      : {}),
    ca: { url: caUrl(org), caName: names.caName(org), tlsCACertPath: published(org).caCert },
  };
}

/** What only the organisation's own site knows: its registrar's secret, its TLS client and admin key files. */
function privateParts(org: MemberConfig, ca: OrgDescription['ca']): Pick<OrgDescription, 'ca' | 'clientTls' | 'admin'> {
  const crypto = cryptoPaths(org);
  return {
    ca: { ...ca, registrar: { enrollmentId: REGISTRAR_ID, secret: registrarSecret(org) } },
    clientTls: {
      certPath: path.join(crypto.tlsClient.tls, 'server.crt'),
      keyPath: path.join(crypto.tlsClient.tls, 'server.key'),
    },
    admin: {
      enrollmentId: names.admin(org),
      certPath: path.join(crypto.admin.msp, 'signcerts', 'cert.pem'),
      keyPath: path.join(crypto.admin.msp, 'keystore', 'key.pem'),
    },
  };
}
