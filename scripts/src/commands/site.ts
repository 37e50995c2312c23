import fs from 'node:fs';
import { detail, step } from '../lib/log';
import { sitePaths } from '../lib/paths';
import { startCa } from '../network/ca';
import { startChaincodeService } from '../network/chaincode';
import { startGateway, startReadModel } from '../network/gateway';
import { ensureIdentities } from '../network/identities';
import { startOrderer, startPeer } from '../network/nodes';
import { writeSiteDescription } from '../network/profiles';
import { hasOrderer, type MemberConfig, type Network } from '../network/topology';

/**
 * The first half of a site's start: its CA, its identities (enrolled from its own CA, public parts published) and
 * its own network description.
 */
export async function startSiteIdentities(topology: Network, org: MemberConfig): Promise<void> {
  await startCa(org);
  await ensureIdentities(org);
  writeSiteDescription(topology, org);
}

/** Its orderer (if it runs one) and peer, from its own folder and what the other organisations published. */
export async function startSiteNodes(topology: Network, org: MemberConfig): Promise<void> {
  if (hasOrderer(org)) await startOrderer(topology, org);
  await startPeer(topology, org);
}

/** Its read model and REST gateway (the ledger must be reachable: the channel exists). */
export async function startSiteGateway(topology: Network, org: MemberConfig): Promise<void> {
  await startReadModel(org);
  await startGateway(topology, org);
}

/**
 * `npm run org -- <org> start`: one organisation's site (CA, orderer, peer, chaincode service, read model, gateway)
 * once `npm start` has made the channel and committed the chaincode; reuses what runs.
 */
export async function startSite(topology: Network, org: MemberConfig): Promise<void> {
  step(`Site of ${org.mspId} (${sitePaths(org.key).home})`);
  await startSiteIdentities(topology, org);
  await startSiteNodes(topology, org);
  const packageFile = sitePaths(org.key).chaincodePackageId;
  if (!fs.existsSync(packageFile)) throw new Error(`${org.mspId} runs no chaincode yet: run npm start first`);
  await startChaincodeService(org, fs.readFileSync(packageFile, 'utf8').trim());
  await startSiteGateway(topology, org);
  detail(`${org.mspId}: site running`);
}
