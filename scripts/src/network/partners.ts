import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeJson } from '../lib/files';
import { paths, publicPaths } from '../lib/paths';
import { ordererFlags, peerCli } from './admin';
import { portShift, shifted } from './members';
import { assertNoPortClash, endpoint, OrgSchema, published, type OrgConfig, type Topology } from './topology';
import { withJoined } from './members';

/**
 * Partner Parties (docs/international.md): another country's registry running this software, with its own
 * organisation (CA, orderer, peer, chaincode service, gateway), its own national channel and settings, and one
 * bilateral channel per cooperative approach shared with the host's government. An entry
 * (network/partners/<party>.json) is numbered like network/topology.json and moved with the topology in use, as
 * joined organisations are (scripts/src/network/members.ts); `--entry <file>` gives one whose ports are used as
 * written. The partners added are recorded, ports resolved, in `.ncr/public/channel/partners.json`.
 */

const PartnerSchema = z
  .object({
    $comment: z.string().optional(),
    party: z.string().regex(/^[A-Z]{3}$/),
    registryId: z.string().regex(/^[A-Z]{3}\d{2}$/),
    name: z.string().min(1),
    channel: z.string().regex(/^[a-z][a-z0-9.-]*$/),
    ndcPeriod: z.object({ firstYear: z.number().int(), lastYear: z.number().int() }),
    governmentAccount: z.object({ id: z.string().min(1), name: z.string().min(1) }),
    org: OrgSchema,
  })
  .strict();

export type Partner = z.infer<typeof PartnerSchema>;

/** Every port of a partner's organisation moved by `shift`. */
function resolvePorts(org: OrgConfig, shift: number): OrgConfig {
  return {
    ...org,
    ca: shifted(org.ca, shift),
    orderer: shifted(org.orderer, shift),
    peer: shifted(org.peer, shift),
    chaincodeService: shifted(org.chaincodeService, shift),
    ...(org.gateway === undefined ? {} : { gateway: shifted(org.gateway, shift) }),
  };
}

/**
 * The partner of Party `party` (network/partners/<party>.json, ports moved with the topology) or of `entryFile`
 * (ports as written); its ports must clash with nothing of the network.
 */
export function loadPartner(topology: Topology, party: string, entryFile?: string): Partner {
  const file = entryFile ?? path.join(paths.network, 'partners', `${party.toLowerCase()}.json`);
  if (!fs.existsSync(file)) throw new Error(`no partner entry ${file}`);
  const parsed = PartnerSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  const { $comment: _comment, ...entry } = parsed.data;
  if (entry.party !== party) throw new Error(`${file} is the entry of ${entry.party}, not ${party}`);
  const partner = { ...entry, org: entryFile === undefined ? resolvePorts(entry.org, portShift(topology)) : entry.org };
  const network = withJoined(topology);
  const others = [
    ...network.orgs,
    ...partners()
      .filter((p) => p.party !== party)
      .map((p) => p.org),
  ];
  assertNoPortClash({ ...network, orgs: [...others, partner.org] }, file);
  return partner;
}

/** The partners added, in order. */
export function partners(): Partner[] {
  if (!fs.existsSync(publicPaths.partners)) return [];
  return z.array(PartnerSchema).parse(JSON.parse(fs.readFileSync(publicPaths.partners, 'utf8')));
}

/** Records a partner as added (replacing an older record of the same Party). */
export function recordPartner(partner: Partner): void {
  writeJson(publicPaths.partners, [...partners().filter((p) => p.party !== partner.party), partner]);
}

/** The partner's national channel as a topology of its own: its one organisation, orderer and peer. */
export function nationalTopology(topology: Topology, partner: Partner): Topology {
  return {
    ...topology,
    channel: partner.channel,
    orgs: [partner.org],
    endorsementPolicy: `AND('${partner.org.mspId}.peer')`,
  };
}

/**
 * The bilateral channel of a cooperative approach (its ID in lower case, `bilateralChannel` in the chaincode's
 * domain): the host's government and the partner, each with its orderer (Raft) and peer; both peers endorse.
 */
export function bilateralTopology(topology: Topology, government: OrgConfig, partner: Partner, channel: string) {
  return {
    ...topology,
    channel,
    orgs: [government, partner.org],
    endorsementPolicy: `AND('${government.mspId}.peer','${partner.org.mspId}.peer')`,
  };
}

/** `peer chaincode query` of the registry chaincode on the view's channel, as `org`'s admin on its own peer. */
export function chaincodeQuery(view: Topology, org: OrgConfig, fn: string, argument?: unknown): Promise<string> {
  const args = argument === undefined ? [fn] : [fn, JSON.stringify(argument)];
  return peerCli(org, [
    'chaincode',
    'query',
    '-C',
    view.channel,
    '-n',
    view.chaincode.name,
    '-c',
    JSON.stringify({ Args: args }),
  ]);
}

/**
 * `peer chaincode invoke` of the registry chaincode on the view's channel as `org`'s admin, endorsed by every peer
 * of the view, waiting for the commit.
 */
export function chaincodeInvoke(view: Topology, org: OrgConfig, fn: string, argument: unknown): Promise<string> {
  const peers = view.orgs.flatMap((member) => [
    '--peerAddresses',
    endpoint(member, member.peer.port),
    '--tlsRootCertFiles',
    published(member).caCert,
  ]);
  return peerCli(org, [
    'chaincode',
    'invoke',
    ...ordererFlags(view, org),
    '-n',
    view.chaincode.name,
    '-c',
    JSON.stringify({ Args: [fn, JSON.stringify(argument)] }),
    ...peers,
    '--waitForEvent',
  ]);
}
