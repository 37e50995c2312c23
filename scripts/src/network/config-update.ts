import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { CommandError, run } from '../lib/exec';
import { ensureDir, writeFile, writeJson } from '../lib/files';
import { detail } from '../lib/log';
import { publicPaths } from '../lib/paths';
import { ordererFlags, peerCli } from './admin';
import { bin } from './binaries';
import { organizationDefinition } from './channel';
import { nodeDir } from './nodes';
import { names, published, type MemberConfig, type OrgConfig, type Topology } from './topology';

/**
 * Channel config updates that add or remove an application organisation. The steps, each by whom Fabric expects:
 * an admin fetches the channel's current config from an orderer, decodes it (configtxlator), edits the JSON and
 * computes the difference as a config update, wrapped in an envelope under `.ncr/public/channel/updates/<name>/`;
 * each organisation admin signs that envelope from its own site (`peer channel signconfigtx`); the last one submits
 * it (`peer channel update`, which adds its own signature). The orderer checks the signatures against the
 * channel's Admins policy (MAJORITY of the application organisations' admins, network/config/channel.yaml) and
 * refuses the update, saying why, if too few signed.
 */

type Json = Record<string, unknown>;
interface ChannelConfig {
  channel_group: { groups: { Application: { groups: Record<string, unknown> } } };
}

const configtxlator = (args: readonly string[]): Promise<string> => run(bin('configtxlator'), args);

/**
 * Decodes a protobuf file into JSON (written beside it as `<name>.json`). configtxlator opens /dev/stdout by name
 * unless given a file, which fails when its output is a pipe to us.
 */
async function decode(file: string, type: string): Promise<unknown> {
  const output = file.replace(/\.pb$/, '.json');
  await configtxlator(['proto_decode', '--input', file, '--type', type, '--output', output]);
  return JSON.parse(fs.readFileSync(output, 'utf8'));
}

/** The channel config as JSON, fetched by `admin` from its orderer (the config block, decoded). */
export async function fetchConfig(topology: Topology, admin: OrgConfig, dir: string): Promise<ChannelConfig> {
  const block = path.join(ensureDir(dir), 'config_block.pb');
  await peerCli(admin, ['channel', 'fetch', 'config', block, ...ordererFlags(topology, admin)]);
  const decoded = (await decode(block, 'common.Block')) as {
    data: { data: { payload: { data: { config: ChannelConfig } } }[] };
  };
  const config = decoded.data.data[0]?.payload.data.config;
  if (config === undefined) throw new Error(`${block} holds no channel config`);
  return config;
}

/** The application organisations of a channel config (MSP IDs). */
export const applicationOrgs = (config: ChannelConfig): string[] =>
  Object.keys(config.channel_group.groups.Application.groups);

/**
 * The new organisation publishes its channel definition (MSP, policies, anchor peer) as configtxgen prints it:
 * `.ncr/public/orgs/<org>/definition.json`. Only public files go into it.
 */
export async function publishDefinition(org: MemberConfig): Promise<string> {
  const dir = ensureDir(path.join(nodeDir(org, names.peer(org)), 'definition'));
  writeFile(path.join(dir, 'configtx.yaml'), stringify({ Organizations: [organizationDefinition(org)] }));
  const printed = await run(bin('configtxgen'), ['-printOrg', org.mspId], {
    env: { ...process.env, FABRIC_CFG_PATH: dir },
  });
  const file = published(org).definition;
  writeJson(file, JSON.parse(printed) as Json);
  return file;
}

/**
 * Computes the update from `original` to `updated` and writes it, wrapped in an unsigned envelope, to
 * `<dir>/update-envelope.pb`.
 */
export async function writeUpdateEnvelope(
  channel: string,
  original: ChannelConfig,
  updated: ChannelConfig,
  dir: string,
): Promise<string> {
  const file = (name: string) => path.join(dir, name);
  writeJson(file('original.json'), original);
  writeJson(file('updated.json'), updated);
  for (const name of ['original', 'updated']) {
    await configtxlator([
      'proto_encode',
      '--input',
      file(`${name}.json`),
      '--type',
      'common.Config',
      '--output',
      file(`${name}.pb`),
    ]);
  }
  await configtxlator([
    'compute_update',
    '--channel_id',
    channel,
    '--original',
    file('original.pb'),
    '--updated',
    file('updated.pb'),
    '--output',
    file('update.pb'),
  ]);
  const update = (await decode(file('update.pb'), 'common.ConfigUpdate')) as Json;
  // HeaderType CONFIG_UPDATE is 2.
  const envelope = {
    payload: { header: { channel_header: { channel_id: channel, type: 2 } }, data: { config_update: update } },
  };
  writeJson(file('update-envelope.json'), envelope);
  const out = file('update-envelope.pb');
  await configtxlator([
    'proto_encode',
    '--input',
    file('update-envelope.json'),
    '--type',
    'common.Envelope',
    '--output',
    out,
  ]);
  return out;
}

/** Signatures the channel's Admins policy (MAJORITY) asks of `count` organisations. */
export const majority = (count: number): number => Math.floor(count / 2) + 1;

/**
 * Each signer's admin signs the envelope from its own site, then `submitter`'s admin submits it (adding its
 * signature) through its own orderer. Rejections come back as the `peer` CLI's error, with the orderer's reason.
 */
export async function signAndSubmit(
  topology: Topology,
  envelope: string,
  signers: readonly MemberConfig[],
  submitter: OrgConfig,
): Promise<void> {
  for (const signer of signers) {
    await peerCli(signer, ['channel', 'signconfigtx', '-f', envelope]);
    detail(`signed by the admin of ${signer.mspId}`);
  }
  try {
    await peerCli(submitter, ['channel', 'update', '-f', envelope, ...ordererFlags(topology, submitter)]);
  } catch (err) {
    // The peer CLI ends with `Error: <the orderer's answer>`; the lines before are its connection log.
    const reason = err instanceof CommandError ? /^Error: (.*)$/m.exec(err.output)?.[1] : undefined;
    if (reason === undefined) throw err;
    throw new Error(`the orderer refused the config update signed by ${signers.length + 1}: ${reason}`, { cause: err });
  }
  detail(`submitted by the admin of ${submitter.mspId} (${signers.length + 1} signatures)`);
}

/** A fresh folder for the update called `name` under `.ncr/public/channel/updates/`. */
export function updateDir(name: string): string {
  const dir = path.join(publicPaths.updates, name);
  fs.rmSync(dir, { recursive: true, force: true });
  return ensureDir(dir);
}
