import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { run } from '../lib/exec';
import { ensureDir, writeFile } from '../lib/files';
import { detail } from '../lib/log';
import { paths, publicPaths } from '../lib/paths';
import { waitFor } from '../lib/processes';
import { peerCli } from './admin';
import { bin } from './binaries';
import {
  cryptoPaths,
  endpoint,
  hasOrderer,
  httpUrl,
  orgHost,
  published,
  type MemberConfig,
  type OrgConfig,
  type Topology,
} from './topology';

interface ChannelSettings {
  Capabilities: Record<'Channel' | 'Orderer' | 'Application', Record<string, boolean>>;
  Application: { Policies: Record<string, unknown> };
  Orderer: {
    OrdererType: string;
    BatchTimeout: string;
    BatchSize: Record<string, unknown>;
    EtcdRaftOptions: Record<string, unknown>;
    Policies: Record<string, unknown>;
  };
  Channel: { Policies: Record<string, unknown> };
  Organization: { Policies: Record<string, { Type: string; Rule: string }> };
}

const channelSettings = (): ChannelSettings =>
  parse(fs.readFileSync(path.join(paths.network, 'config', 'channel.yaml'), 'utf8')) as ChannelSettings;

/**
 * An organisation as configtx.yaml declares it: its published MSP, its policies (network/config/channel.yaml with
 * its MSP ID), its orderer's endpoint if it runs one, its peer as anchor peer.
 */
export function organizationDefinition(org: MemberConfig, settings = channelSettings()) {
  return {
    Name: org.mspId,
    ID: org.mspId,
    MSPDir: published(org).msp,
    Policies: Object.fromEntries(
      Object.entries(settings.Organization.Policies).map(([name, policy]) => [
        name,
        { Type: policy.Type, Rule: policy.Rule.replaceAll('{msp}', org.mspId) },
      ]),
    ),
    ...(hasOrderer(org) ? { OrdererEndpoints: [endpoint(org, org.orderer.port)] } : {}),
    AnchorPeers: [{ Host: orgHost(org), Port: org.peer.port }],
  };
}

/**
 * configtx.yaml for configtxgen: network/config/channel.yaml plus each organisation and Raft consenter, from what
 * each organisation published (its MSP, its orderer's TLS certificate).
 */
function writeConfigtx(topology: Topology): string {
  const settings = channelSettings();
  const orgs = topology.orgs.map((org) => organizationDefinition(org, settings));
  const consenters = topology.orgs.map((org) => ({
    Host: orgHost(org),
    Port: org.orderer.clusterPort,
    ClientTLSCert: published(org).ordererTlsCert,
    ServerTLSCert: published(org).ordererTlsCert,
  }));
  const { EtcdRaftOptions, ...orderer } = settings.Orderer;
  const profile = {
    Policies: settings.Channel.Policies,
    Capabilities: settings.Capabilities.Channel,
    Orderer: {
      ...orderer,
      EtcdRaft: { Consenters: consenters, Options: EtcdRaftOptions },
      Organizations: orgs,
      Capabilities: settings.Capabilities.Orderer,
    },
    Application: {
      ...settings.Application,
      Organizations: orgs,
      Capabilities: settings.Capabilities.Application,
    },
  };
  const dir = ensureDir(publicPaths.channel);
  writeFile(
    path.join(dir, 'configtx.yaml'),
    stringify({ Profiles: { RegistryChannel: profile } }, { aliasDuplicateObjects: false }),
  );
  return dir;
}

export const genesisBlock = (topology: Topology): string => path.join(publicPaths.channel, `${topology.channel}.block`);

async function createGenesisBlock(topology: Topology): Promise<string> {
  const block = genesisBlock(topology);
  if (fs.existsSync(block)) return block;
  const dir = writeConfigtx(topology);
  await run(
    bin('configtxgen'),
    ['-profile', 'RegistryChannel', '-channelID', topology.channel, '-outputBlock', block],
    {
      env: { ...process.env, FABRIC_CFG_PATH: dir },
    },
  );
  detail(`genesis block of channel ${topology.channel}: ${block}`);
  return block;
}

function osnadminArgs(org: OrgConfig): string[] {
  const crypto = cryptoPaths(org);
  return [
    '-o',
    endpoint(org, org.orderer.adminPort),
    '--ca-file',
    crypto.caCert,
    '--client-cert',
    path.join(crypto.admin.tls, 'server.crt'),
    '--client-key',
    path.join(crypto.admin.tls, 'server.key'),
  ];
}

/** Channel participation API: the channels an orderer has joined. */
async function ordererChannels(org: OrgConfig): Promise<string[]> {
  const output = await run(bin('osnadmin'), ['channel', 'list', ...osnadminArgs(org)]);
  const body = output.slice(output.indexOf('{'));
  const parsed = JSON.parse(body) as { channels: { name: string }[] | null };
  return (parsed.channels ?? []).map((channel) => channel.name);
}

export async function peerChannels(org: MemberConfig): Promise<string[]> {
  const output = await peerCli(org, ['channel', 'list']);
  const marker = 'Channels peers has joined:';
  const index = output.indexOf(marker);
  return index < 0
    ? []
    : output
        .slice(index + marker.length)
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
}

/**
 * Creates the registry channel through the channel participation API: every orderer joins with the genesis
 * block (each organisation's admin on its own orderer), then every peer joins. Already-joined nodes are skipped.
 */
export async function ensureChannel(topology: Topology): Promise<void> {
  const block = await createGenesisBlock(topology);
  for (const org of topology.orgs) {
    if ((await ordererChannels(org)).includes(topology.channel)) continue;
    await run(bin('osnadmin'), [
      'channel',
      'join',
      '--channelID',
      topology.channel,
      '--config-block',
      block,
      ...osnadminArgs(org),
    ]);
    detail(`orderer of ${org.mspId} joined ${topology.channel}`);
  }
  await waitForRaftLeader(topology);
  for (const org of topology.orgs) {
    if ((await peerChannels(org)).includes(topology.channel)) continue;
    // The peer fetches blocks from the orderers; a just-created channel may still be electing its Raft leader.
    await waitFor(
      `peer of ${org.mspId} joining ${topology.channel}`,
      async () => {
        await peerCli(org, ['channel', 'join', '-b', block]);
        return true;
      },
      { timeoutMs: 60_000, intervalMs: 1000 },
    );
    detail(`peer of ${org.mspId} joined ${topology.channel}`);
  }
}

/** Waits until one orderer reports itself Raft leader of the channel (operations metrics), e.g. after a restart. */
async function waitForRaftLeader(topology: Topology): Promise<void> {
  const leaderFlag = new RegExp(`^consensus_etcdraft_is_leader\\{channel="${topology.channel}"\\} 1$`, 'm');
  await waitFor(
    `a Raft leader on channel ${topology.channel}`,
    async () => {
      const flags = await Promise.all(
        topology.orgs.map(async (org) => {
          const response = await fetch(httpUrl(org, org.orderer.operationsPort, '/metrics'));
          return leaderFlag.test(await response.text());
        }),
      );
      return flags.filter(Boolean).length === 1;
    },
    { timeoutMs: 60_000, intervalMs: 500 },
  );
}

/** Block height of the channel as the organisation's peer sees it. */
export async function channelHeight(topology: Topology, org: MemberConfig): Promise<number> {
  const output = await peerCli(org, ['channel', 'getinfo', '-c', topology.channel]);
  const match = /Blockchain info: (\{.*\})/.exec(output);
  if (!match?.[1]) throw new Error(`unexpected peer channel getinfo output: ${output}`);
  return (JSON.parse(match[1]) as { height: number }).height;
}
