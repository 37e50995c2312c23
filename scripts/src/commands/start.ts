import { step } from '../lib/log';
import { ensureBinaries } from '../network/binaries';
import { startCa } from '../network/ca';
import { ensureChannel } from '../network/channel';
import { deployChaincode } from '../network/chaincode';
import { waitForEndorsement } from '../network/client';
import { bootstrapDemoUsers, startGateway, startReadModel } from '../network/gateway';
import { ensureIdentities } from '../network/identities';
import { startOrderer, startPeer } from '../network/nodes';
import { writeProfiles } from '../network/profiles';
import { loadTopology, type Topology } from '../network/topology';

/**
 * Brings the registry up, reusing whatever already runs: CAs, identities, orderers, peers, channel, chaincode,
 * REST gateway and the demo users.
 */
export async function startNetwork(): Promise<Topology> {
  const topology = loadTopology();
  await ensureBinaries();
  step('Certificate authorities');
  await Promise.all(topology.orgs.map((org) => startCa(org)));
  step('Identities (MSP and TLS) enrolled from each organisation’s CA');
  for (const org of topology.orgs) await ensureIdentities(org);
  writeProfiles(topology);
  step('Orderers (Raft, one per organisation)');
  await Promise.all(topology.orgs.map((org) => startOrderer(topology, org)));
  step('Peers');
  await Promise.all(topology.orgs.map((org) => startPeer(topology, org)));
  step(`Channel ${topology.channel}`);
  await ensureChannel(topology);
  step(`Chaincode ${topology.chaincode.name} (chaincode as a service)`);
  await deployChaincode(topology);
  await waitForEndorsement(topology.orgs.map((org) => org.mspId));
  step('Read model (SQLite projection of committed blocks)');
  await startReadModel();
  step('REST gateway');
  await startGateway(topology);
  await bootstrapDemoUsers();
  return topology;
}
