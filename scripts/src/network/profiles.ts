import fs from 'node:fs';
import path from 'node:path';
import {
  type NetworkConfig,
  type OrgConfig as OrgDescription,
  networkConfigSchema,
} from '@ncr/gateway-api/network-config';
import { writeJson } from '../lib/files';
import { detail } from '../lib/log';
import { paths } from '../lib/paths';
import { REGISTRAR_ID, caRootCert, caUrl, registrarSecret } from './ca';
import { cryptoPaths, names, type OrgConfig, type Topology } from './topology';

const pem = (file: string): string => fs.readFileSync(file, 'utf8');

/**
 * Writes the standard Fabric connection profile of each organisation (.ncr/profiles/<org>.json, certificates
 * inlined, for SDKs, Caliper and explorers) and .ncr/network.json, the compact description our own programs read.
 */
export function writeProfiles(topology: Topology): void {
  const sections = profileSections(topology);
  for (const org of topology.orgs) {
    writeJson(path.join(paths.profiles, `${org.key}.json`), connectionProfile(topology, org, sections));
  }
  // Checked against the schema its readers parse it with. The CA registrars' secrets are in it: readable by the
  // user running the network only.
  writeJson(paths.networkJson, networkConfigSchema.parse(networkDescription(topology)), 0o600);
  detail(`connection profiles in ${paths.profiles}; network description ${paths.networkJson}`);
}

/** The parts every organisation's connection profile shares: all peers, orderers, CAs and organisations. */
interface ProfileSections {
  readonly peers: Record<string, unknown>;
  readonly orderers: Record<string, unknown>;
  readonly certificateAuthorities: Record<string, unknown>;
  readonly organizations: Record<string, unknown>;
}

function profileSections(topology: Topology): ProfileSections {
  const peers = Object.fromEntries(
    topology.orgs.map((org) => [
      names.peer(org),
      {
        url: `grpcs://127.0.0.1:${org.peer.port}`,
        tlsCACerts: { pem: pem(cryptoPaths(org).caCert) },
        grpcOptions: { 'ssl-target-name-override': '127.0.0.1', hostnameOverride: '127.0.0.1' },
      },
    ]),
  );
  const orderers = Object.fromEntries(
    topology.orgs.map((org) => [
      names.orderer(org),
      { url: `grpcs://127.0.0.1:${org.orderer.port}`, tlsCACerts: { pem: pem(cryptoPaths(org).caCert) } },
    ]),
  );
  const certificateAuthorities = Object.fromEntries(
    topology.orgs.map((org) => [
      names.caName(org),
      {
        url: caUrl(org),
        caName: names.caName(org),
        tlsCACerts: { pem: [pem(caRootCert(org))] },
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
function connectionProfile(topology: Topology, org: OrgConfig, sections: ProfileSections): unknown {
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

/**
 * .ncr/network.json: channel, chaincode, gateway port, and per organisation its peer, orderer, CA, client TLS and
 * admin.
 */
function networkDescription(topology: Topology): NetworkConfig {
  return {
    channel: topology.channel,
    chaincode: topology.chaincode.name,
    gatewayPort: topology.gateway.port,
    orgs: Object.fromEntries(topology.orgs.map((org) => [org.mspId, orgDescription(org)])),
  };
}

function orgDescription(org: OrgConfig): OrgDescription {
  const crypto = cryptoPaths(org);
  return {
    key: org.key,
    peer: {
      name: names.peer(org),
      endpoint: `127.0.0.1:${org.peer.port}`,
      tlsCACertPath: crypto.caCert,
      operationsUrl: `http://127.0.0.1:${org.peer.operationsPort}`,
    },
    orderer: {
      name: names.orderer(org),
      endpoint: `127.0.0.1:${org.orderer.port}`,
      operationsUrl: `http://127.0.0.1:${org.orderer.operationsPort}`,
    },
    ca: {
      url: caUrl(org),
      caName: names.caName(org),
      tlsCACertPath: caRootCert(org),
      registrar: { enrollmentId: REGISTRAR_ID, secret: registrarSecret(org) },
    },
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
