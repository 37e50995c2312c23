import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { detail, step } from '../lib/log';
import { sitePaths } from '../lib/paths';
import { waitFor } from '../lib/processes';
import { peerCli } from '../network/admin';
import { approveCommittedDefinition } from '../network/chaincode';
import { channelHeight, genesisBlock, peerChannels } from '../network/channel';
import {
  applicationOrgs,
  fetchConfig,
  majority,
  publishDefinition,
  signAndSubmit,
  updateDir,
  writeUpdateEnvelope,
} from '../network/config-update';
import { forgetJoined, joinedOrgs, loadEntry, recordJoined, withJoined } from '../network/members';
import { writeProfiles } from '../network/profiles';
import {
  gatewayUrl,
  loadTopology,
  orgByKey,
  published,
  type MemberConfig,
  type OrgConfig,
  type Topology,
} from '../network/topology';
import { startSite, startSiteIdentities, startSiteNodes } from './site';
import { stopNetwork } from './stop';

/** Options of a join or a leave: `signatures` overrides how many admins sign (to show the orderer refusing). */
export interface UpdateOptions {
  readonly signatures?: number;
}

/** The topology's first organisation (the government) fetches the config and submits updates through its orderer. */
function submitterOf(topology: Topology): OrgConfig {
  const first = topology.orgs[0];
  if (first === undefined) throw new Error('a topology without organisations');
  return first;
}

/**
 * Adds `org` to (or removes it from) the channel's application organisations: the change computed from the current
 * config, signed by as many admins of the other organisations as the Admins policy (MAJORITY) needs, submitted by
 * the government's admin. Returns false when there was nothing to change.
 */
async function changeMembership(
  topology: Topology,
  org: MemberConfig,
  change: 'add' | 'remove',
  options: UpdateOptions,
): Promise<boolean> {
  const submitter = submitterOf(topology);
  const dir = updateDir(`${change}-${org.key}`);
  const config = await fetchConfig(topology, submitter, dir);
  const members = applicationOrgs(config);
  if (members.includes(org.mspId) === (change === 'add')) return false;
  const updated = structuredClone(config);
  const { [org.mspId]: _left, ...others } = updated.channel_group.groups.Application.groups;
  updated.channel_group.groups.Application.groups =
    change === 'add'
      ? { ...others, [org.mspId]: JSON.parse(fs.readFileSync(published(org).definition, 'utf8')) as unknown }
      : others;
  const envelope = await writeUpdateEnvelope(topology.channel, config, updated, dir);
  const needed = options.signatures ?? majority(members.length);
  const signers = withJoined(topology)
    .orgs.filter((other) => other.key !== submitter.key && other.key !== org.key)
    .slice(0, Math.max(0, needed - 1));
  detail(`${members.length} organisations: the Admins policy (MAJORITY) needs ${majority(members.length)} signatures`);
  await signAndSubmit(topology, envelope, signers, submitter);
  await waitFor(
    `the channel config ${change === 'add' ? 'listing' : 'without'} ${org.mspId}`,
    async () => applicationOrgs(await fetchConfig(topology, submitter, dir)).includes(org.mspId) === (change === 'add'),
    { timeoutMs: 60_000, intervalMs: 1000 },
  );
  return true;
}

/** The new peer joins from the genesis block and pulls every block since from the orderers, until it is level. */
async function joinPeer(topology: Topology, org: MemberConfig): Promise<void> {
  if (!(await peerChannels(org)).includes(topology.channel)) {
    await waitFor(
      `peer of ${org.mspId} joining ${topology.channel}`,
      async () => {
        await peerCli(org, ['channel', 'join', '-b', genesisBlock(topology)]);
        return true;
      },
      { timeoutMs: 60_000, intervalMs: 1000 },
    );
  }
  const reference = submitterOf(topology);
  await waitFor(
    `peer of ${org.mspId} at the height of ${reference.mspId}'s`,
    async () => (await channelHeight(topology, org)) >= (await channelHeight(topology, reference)),
    { timeoutMs: 300_000, intervalMs: 1000 },
  );
  detail(`peer of ${org.mspId} joined ${topology.channel} at height ${await channelHeight(topology, org)}`);
}

/**
 * `npm run org:join -- <entry>`: the organisation of `entryFile` starts its site (CA, identities, peer) and
 * publishes its definition; the other organisations' admins add it to the channel; its peer joins and catches up,
 * runs the chaincode and its organisation approves the committed definition; then its read model and gateway start.
 */
export async function joinOrg(entryFile: string, options: UpdateOptions = {}): Promise<MemberConfig> {
  const topology = loadTopology();
  const org = loadEntry(entryFile, topology);
  const network = withJoined(topology, [...joinedOrgs().filter((entry) => entry.key !== org.key), org]);
  step(`Site of ${org.mspId} (${sitePaths(org.key).home})`);
  await startSiteIdentities(network, org);
  await startSiteNodes(network, org);
  detail(`${org.mspId} published its definition: ${await publishDefinition(org)}`);
  step(`Channel ${topology.channel}: adding ${org.mspId}`);
  if (!(await changeMembership(topology, org, 'add', options))) detail(`${org.mspId} is a member already`);
  await joinPeer(topology, org);
  step(`Chaincode ${topology.chaincode.name} on the peer of ${org.mspId}`);
  await approveCommittedDefinition(topology, org, submitterOf(topology));
  recordJoined(org);
  writeProfiles(network);
  await startSite(network, org);
  return org;
}

/**
 * `npm run org:leave -- <key>`: the admins remove a joined organisation from the channel (the same update, the
 * other way), then its site stops. Its site folder stays (its ledger, its keys); joining again reuses it.
 */
export async function leaveOrg(key: string, options: UpdateOptions = {}): Promise<void> {
  const topology = loadTopology();
  const org = orgByKey({ orgs: joinedOrgs() }, key);
  step(`Channel ${topology.channel}: removing ${org.mspId}`);
  if (!(await changeMembership(topology, org, 'remove', options))) detail(`${org.mspId} is no member`);
  await stopNetwork([org.key]);
  forgetJoined(org.key);
  writeProfiles(withJoined(topology));
  detail(`${org.mspId} left ${topology.channel}`);
}

/** A count of admins given on the command line. */
function signatures(value: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`--signatures must be a whole number, not ${value}`);
  return Number(value);
}

/** `npm run org:join -- <entry>` and `npm run org:leave -- <key>`. */
export function registerJoinCommands(program: Command): void {
  program
    .command('org:join')
    .description('a new organisation joins the running channel: its site, the config update the admins sign, its peer')
    .argument('<entry>', 'its entry, e.g. network/orgs/certifier2.json (ports as in network/topology.json)')
    .option('--signatures <n>', 'admins who sign the config update (default: what the Admins policy needs)', signatures)
    .action(async (entry: string, options: { signatures?: number }) => {
      const org = await joinOrg(path.resolve(entry), options);
      step(`${org.mspId} joined: gateway ${gatewayUrl(withJoined(loadTopology()), org)}`);
    });
  program
    .command('org:leave')
    .description('a joined organisation leaves the channel (config update signed by the admins), its site stops')
    .argument('<org>', 'the key of a joined organisation, e.g. certifier2')
    .option('--signatures <n>', 'admins who sign the config update (default: what the Admins policy needs)', signatures)
    .action(async (key: string, options: { signatures?: number }) => {
      await leaveOrg(key, options);
    });
}
