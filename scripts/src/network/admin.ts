import { run } from '../lib/exec';
import { bin } from './binaries';
import { nodeDir } from './nodes';
import {
  cryptoPaths,
  endpoint,
  hasOrderer,
  names,
  published,
  type MemberConfig,
  type OrgConfig,
  type Topology,
} from './topology';

/**
 * Environment for the `peer` CLI acting as the organisation's admin against its own peer: only that site's own
 * files (its admin's MSP and TLS key, its peer's config) and what other organisations published.
 */
function adminEnv(org: MemberConfig): NodeJS.ProcessEnv {
  const crypto = cryptoPaths(org);
  return {
    ...process.env,
    FABRIC_CFG_PATH: nodeDir(org, names.peer(org)),
    CORE_PEER_LOCALMSPID: org.mspId,
    CORE_PEER_MSPCONFIGPATH: crypto.admin.msp,
    CORE_PEER_ADDRESS: endpoint(org, org.peer.port),
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_TLS_ROOTCERT_FILE: crypto.caCert,
    // Orderers require mutual TLS: the admin presents its own TLS certificate.
    CORE_PEER_TLS_CLIENTAUTHREQUIRED: 'true',
    CORE_PEER_TLS_CLIENTCERT_FILE: `${crypto.admin.tls}/server.crt`,
    CORE_PEER_TLS_CLIENTKEY_FILE: `${crypto.admin.tls}/server.key`,
  };
}

/**
 * Flags for `peer` subcommands that talk to an orderer (mutual TLS as the admin): its own organisation's orderer, or
 * `via` another organisation's (an organisation that runs none), trusted through the CA certificate `via` published.
 */
export function ordererFlags(topology: Topology, org: MemberConfig, via?: OrgConfig): string[] {
  const crypto = cryptoPaths(org);
  const orderer = via ?? (hasOrderer(org) ? org : undefined);
  if (orderer === undefined) throw new Error(`${org.mspId} runs no orderer: name the one it sends to`);
  return [
    '-o',
    endpoint(orderer, orderer.orderer.port),
    '--tls',
    '--cafile',
    orderer === org ? crypto.caCert : published(orderer).caCert,
    '--clientauth',
    '--certfile',
    `${crypto.admin.tls}/server.crt`,
    '--keyfile',
    `${crypto.admin.tls}/server.key`,
    '--channelID',
    topology.channel,
  ];
}

export function peerCli(org: MemberConfig, args: readonly string[]): Promise<string> {
  return run(bin('peer'), args, { env: adminEnv(org) });
}
