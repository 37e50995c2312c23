import { bilateralChannel, BilateralTransferSchema, type BilateralTransfer } from '@ncr/chaincode/domain';
import type { FabricConnections } from '../fabric/connections';
import { mapFabricError } from '../fabric/errors';
import type { Committed } from '../fabric/ledger';
import { signingCredentials, type CredentialStore, type IdentityRef } from '../identity/credentials';
import { RegistryChannel } from './channel';

/**
 * Reads the decision on an international transfer request on its cooperative approach's bilateral channel, as the
 * site's organisation admin through its own peer (members of that channel only: the two governments). Undefined
 * while undecided, or where this site's peer is not on that channel.
 */
export function bilateralDecisions(
  connections: FabricConnections,
  wallet: CredentialStore,
  admin: IdentityRef,
): (cooperativeApproachId: string, requestId: string) => Promise<BilateralTransfer | undefined> {
  return async (cooperativeApproachId, requestId) => {
    const credentials = signingCredentials(await wallet.get(admin), admin);
    const gateway = connections.gatewayFor(credentials);
    const channel = new RegistryChannel(gateway, bilateralChannel(cooperativeApproachId), connections.chaincodeName);
    try {
      const decision = await channel.read('bilateral:GetTransfer', { requestId });
      return decision === undefined ? undefined : BilateralTransferSchema.parse(decision);
    } catch {
      return undefined;
    }
  };
}

/**
 * Abandons a PENDING request on its cooperative approach's bilateral channel (`bilateral:AbandonTransfer`), signed by
 * the site's organisation admin and endorsed by both governments' peers; the relayer then unlocks the units. Errors
 * map as every Fabric failure does (`mapFabricError`): a request already decided is 409 CONFLICT.
 */
export function bilateralAbandon(
  connections: FabricConnections,
  wallet: CredentialStore,
  admin: IdentityRef,
): (cooperativeApproachId: string, requestId: string, reason: string) => Promise<Committed> {
  return async (cooperativeApproachId, requestId, reason) => {
    const credentials = signingCredentials(await wallet.get(admin), admin);
    const contract = connections
      .gatewayFor(credentials)
      .getNetwork(bilateralChannel(cooperativeApproachId))
      .getContract(connections.chaincodeName);
    const input = { requestId, cooperativeApproachId, reason };
    try {
      const submitted = await contract.submitAsync('bilateral:AbandonTransfer', { arguments: [JSON.stringify(input)] });
      const status = await submitted.getStatus();
      if (!status.successful)
        throw new Error(`AbandonTransfer ${status.transactionId}: validation code ${status.code}`);
      return { txId: status.transactionId, blockNumber: Number(status.blockNumber), result: { requestId } };
    } catch (err) {
      throw mapFabricError(err);
    }
  };
}
