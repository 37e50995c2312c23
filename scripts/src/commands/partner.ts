import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { detail, step } from '../lib/log';
import { sitePaths } from '../lib/paths';
import { deployChaincode, startChaincodeService } from '../network/chaincode';
import { ensureChannel } from '../network/channel';
import { enrollSiteUser, startRelayer } from '../network/gateway';
import {
  bilateralTopology,
  chaincodeInvoke,
  chaincodeQuery,
  loadPartner,
  nationalTopology,
  partners,
  recordPartner,
  type Partner,
} from '../network/partners';
import { writeSiteDescription } from '../network/profiles';
import { gatewayUrl, loadTopology, type Network, type OrgConfig, type Topology } from '../network/topology';
import { startSiteGateway, startSiteIdentities, startSiteNodes } from './site';
import { addPartnerUser } from './partner-users';

/** The host's government: the topology's first organisation, which runs the host's side of each bilateral channel. */
function governmentOf(topology: Topology): OrgConfig {
  const first = topology.orgs[0];
  if (first === undefined) throw new Error('a topology without organisations');
  return first;
}

/** What the partner's own site sees: its national channel (its gateway and read model follow it). */
const siteNetwork = (topology: Topology, partner: Partner): Network => nationalTopology(topology, partner);

/** Its nodes trust the host government's CA too (the bilateral channel's Raft cluster and deliveries). */
const nodeNetwork = (topology: Topology, partner: Partner): Network => ({
  ...siteNetwork(topology, partner),
  orgs: [governmentOf(topology), partner.org],
});

/** The cooperative approaches the host shares with the partner (registry settings on the host's channel). */
async function sharedApproaches(topology: Topology, partner: Partner) {
  const settings = JSON.parse(await chaincodeQuery(topology, governmentOf(topology), 'registry:GetSettings')) as {
    party: string;
    registryId: string;
    cooperativeApproaches: { id: string; partnerParties: string[] }[];
  };
  const approaches = settings.cooperativeApproaches.filter((a) => a.partnerParties.includes(partner.party));
  if (approaches.length === 0) throw new Error(`no cooperative approach of ${settings.party} names ${partner.party}`);
  return { host: settings, approaches };
}

/** The partner's national channel, the registry chaincode on it, and its initial settings. */
async function ensureNational(
  topology: Topology,
  partner: Partner,
  cooperativeApproaches: readonly { id: string; partnerParties: string[] }[],
): Promise<void> {
  const national = nationalTopology(topology, partner);
  step(`Channel ${national.channel} of ${partner.party} (its own orderer, channel participation API)`);
  await ensureChannel(national);
  await deployChaincode(national);
  try {
    await chaincodeQuery(national, partner.org, 'registry:GetSettings');
    detail(`registry ${partner.registryId} is initialised`);
  } catch {
    await chaincodeInvoke(national, partner.org, 'registry:InitRegistry', {
      party: partner.party,
      registryId: partner.registryId,
      name: partner.name,
      ndcPeriod: partner.ndcPeriod,
      cooperativeApproaches,
      governmentAccount: partner.governmentAccount,
      governmentMspId: partner.org.mspId,
    });
    detail(`registry ${partner.registryId} initialised, government ${partner.org.mspId}`);
  }
}

/**
 * `npm run partner -- add <party>`: the partner's site (CA, identities, orderer, peer), its national channel with
 * the registry chaincode and its settings, then one bilateral channel per shared cooperative approach (both
 * governments' orderers and peers, the chaincode approved by both and committed with both peers endorsing, the two
 * Parties recorded), then its read model and gateway. Every step reuses what exists.
 */
export async function addPartner(party: string, entryFile?: string): Promise<Partner> {
  const topology = loadTopology();
  const partner = loadPartner(topology, party, entryFile);
  const government = governmentOf(topology);
  step(`Chaincode ${topology.chaincode.name} current on ${topology.channel} (one package serves every channel)`);
  await deployChaincode(topology);
  const { host, approaches } = await sharedApproaches(topology, partner);
  step(`Site of ${partner.org.mspId} (${sitePaths(partner.org.key).home})`);
  await startSiteIdentities(nodeNetwork(topology, partner), partner.org);
  writeSiteDescription(siteNetwork(topology, partner), partner.org);
  await startSiteNodes(nodeNetwork(topology, partner), partner.org);
  await ensureNational(
    topology,
    partner,
    approaches.map((a) => ({ id: a.id, partnerParties: [host.party] })),
  );
  for (const approach of approaches) {
    const channel = approach.id.toLowerCase();
    const bilateral = bilateralTopology(topology, government, partner, channel);
    step(`Bilateral channel ${channel} (${approach.id}): ${government.mspId} and ${partner.org.mspId}`);
    await ensureChannel(bilateral);
    await deployChaincode(bilateral);
    try {
      await chaincodeQuery(bilateral, government, 'bilateral:GetBilateralSettings', {
        cooperativeApproachId: approach.id,
      });
    } catch {
      await chaincodeInvoke(bilateral, government, 'bilateral:InitBilateral', {
        cooperativeApproachId: approach.id,
        parties: [
          { party: host.party, registryId: host.registryId, mspId: government.mspId, channel: topology.channel },
          { party: partner.party, registryId: partner.registryId, mspId: partner.org.mspId, channel: partner.channel },
        ],
      });
    }
    detail(`${channel}: ${host.party} and ${partner.party} recorded as its Parties`);
  }
  recordPartner(partner);
  step(`Read model and REST gateway of ${partner.org.mspId} (channel ${partner.channel})`);
  await startSiteGateway(siteNetwork(topology, partner), partner.org);
  await addPartnerUser(siteNetwork(topology, partner), partner, (args) => enrollSiteUser(partner.org, args));
  startRelayer(government);
  startRelayer(partner.org);
  return partner;
}

/**
 * The current chaincode build on each partner's national channel and bilateral channels too (`npm run deploy`,
 * `npm start`): one package serves every channel of a peer, so a new build is committed on all of them.
 */
export async function deployPartnerChannels(topology: Topology): Promise<void> {
  for (const partner of partners()) {
    await deployChaincode(nationalTopology(topology, partner));
    const { approaches } = await sharedApproaches(topology, partner);
    for (const approach of approaches) {
      await deployChaincode(bilateralTopology(topology, governmentOf(topology), partner, approach.id.toLowerCase()));
    }
  }
}

/** Starts the sites of the partners added (npm start after a stop): nodes, chaincode service, read model, gateway. */
export async function startPartnerSites(topology: Topology): Promise<void> {
  for (const partner of partners()) {
    step(`Site of partner ${partner.party} (${partner.org.mspId})`);
    await startSiteIdentities(nodeNetwork(topology, partner), partner.org);
    writeSiteDescription(siteNetwork(topology, partner), partner.org);
    await startSiteNodes(nodeNetwork(topology, partner), partner.org);
    const packageFile = sitePaths(partner.org.key).chaincodePackageId;
    await startChaincodeService(partner.org, fs.readFileSync(packageFile, 'utf8').trim());
  }
  await deployPartnerChannels(topology);
  for (const partner of partners()) {
    await startSiteGateway(siteNetwork(topology, partner), partner.org);
    startRelayer(partner.org);
  }
}

/** `npm run partner -- add <party> [--entry <file>]`. */
export function registerPartnerCommand(program: Command): void {
  program
    .command('partner')
    .description("a partner Party's registry: its site, national channel and the bilateral channels (add)")
    .argument('<action>', 'add')
    .argument('<party>', 'the partner Party, e.g. CHE (network/partners/che.json)')
    .option('--entry <file>', 'a partner entry whose ports are used as written')
    .action(async (action: string, party: string, options: { entry?: string }) => {
      if (action !== 'add') throw new Error(`unknown action ${action}: add`);
      const partner = await addPartner(party, options.entry === undefined ? undefined : path.resolve(options.entry));
      step(`${partner.party} added: gateway ${gatewayUrl(siteNetwork(loadTopology(), partner), partner.org)}`);
    });
}
