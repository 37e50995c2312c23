import { step } from '../lib/log';
import { ensureBinaries } from '../network/binaries';
import { ensureChannel } from '../network/channel';
import { deployChaincode } from '../network/chaincode';
import { waitForEndorsement } from '../network/client';
import { bootstrapDemoUsers, startRelayer } from '../network/gateway';
import { writeProfiles } from '../network/profiles';
import { joinedOrgs, withJoined } from '../network/members';
import { loadTopology, type Topology } from '../network/topology';
import { startPartnerSites } from './partner';
import { startSite, startSiteGateway, startSiteIdentities, startSiteNodes } from './site';

/** The organisation that creates the demo registry and binds the other organisations' account admins. */
const GOVERNMENT = 'GovernmentMSP';

/**
 * Brings every site of the topology up, reusing whatever already runs: CAs, identities, orderers, peers, channel,
 * chaincode, each organisation's read model and REST gateway, and the demo users; then the sites of the
 * organisations that joined the channel since.
 */
export async function startNetwork(): Promise<Topology> {
  const topology = loadTopology();
  await ensureBinaries();
  step('Certificate authorities and identities: each organisation enrolls its own from its own CA');
  await Promise.all(topology.orgs.map((org) => startSiteIdentities(topology, org)));
  writeProfiles(withJoined(topology));
  step('Orderers (Raft, one per organisation) and peers');
  await Promise.all(topology.orgs.map((org) => startSiteNodes(topology, org)));
  step(`Channel ${topology.channel}`);
  await ensureChannel(topology);
  step(`Chaincode ${topology.chaincode.name} (chaincode as a service)`);
  await deployChaincode(topology);
  await waitForEndorsement(topology.orgs.map((org) => org.mspId));
  step('Read models and REST gateways (one per organisation)');
  await Promise.all(topology.orgs.map((org) => startSiteGateway(topology, org)));
  await bootstrapDemoUsers(topology, GOVERNMENT);
  for (const org of topology.orgs.filter((entry) => entry.mspId === GOVERNMENT)) startRelayer(org);
  const joined = joinedOrgs();
  if (joined.length > 0) step('Sites of the organisations that joined the channel (npm run org:join)');
  for (const org of joined) await startSite(withJoined(topology, joined), org);
  await startPartnerSites(topology);
  return topology;
}
