import { GatewayError } from '@hyperledger/fabric-gateway';
import { peer } from '@hyperledger/fabric-protos';
import { NotFoundError } from '../errors';
import { type ChainInfo, decodeChainInfo } from '../fabric/blocks';
import type { FabricConnections } from '../fabric/connections';
import { mapFabricError } from '../fabric/errors';
import type { CredentialStore, IdentityRef } from '../identity/credentials';
import { endorsementPolicyText } from './policy';

export interface ChaincodeDefinition {
  readonly name: string;
  readonly version: string;
  readonly sequence: number;
  readonly endorsementPolicy: string;
  readonly initRequired: boolean;
  /** Which organisations approved this definition (`_lifecycle` QueryChaincodeDefinition). */
  readonly approvals: Readonly<Record<string, boolean>>;
}

/**
 * What the explorer reads from Fabric, as the calling user: raw blocks (qscc), from the user's own organisation's
 * peer or from another organisation's peer, and the chaincode definitions (`_lifecycle`, channel Readers).
 */
export interface ExplorerLedger {
  rawBlock(actor: IdentityRef, channel: string, number: number, mspId?: string): Promise<Uint8Array>;
  rawBlockByTxId(actor: IdentityRef, channel: string, txId: string): Promise<Uint8Array>;
  chainInfo(actor: IdentityRef, channel: string): Promise<ChainInfo>;
  chaincodeDefinitions(actor: IdentityRef, channel: string): Promise<ChaincodeDefinition[]>;
}

const NOT_FOUND = /not found|no such (?:transaction|block)|could not be found/i;

/** qscc answers a missing block or transaction with an error: a 404 to the client; anything else is mapped. */
function qsccError(err: unknown, what: string): Error {
  const messages = err instanceof GatewayError ? [err.message, ...err.details.map((d) => d.message)] : [];
  return NOT_FOUND.test(messages.join('\n')) ? new NotFoundError(`${what} not found`) : mapFabricError(err);
}

export class FabricExplorerLedger implements ExplorerLedger {
  readonly #connections: FabricConnections;
  readonly #credentials: CredentialStore;

  constructor(connections: FabricConnections, credentials: CredentialStore) {
    this.#connections = connections;
    this.#credentials = credentials;
  }

  async #call(actor: IdentityRef, channel: string, call: Call): Promise<Uint8Array> {
    const credentials = await this.#credentials.get(actor);
    if (credentials === undefined) throw new Error(`no wallet entry for ${actor.mspId}/${actor.enrollmentId}`);
    const contract = this.#connections.gatewayFor(credentials).getNetwork(channel).getContract(call.chaincode);
    try {
      return await contract.evaluate(call.fn, {
        arguments: call.args,
        ...(call.mspId === undefined ? {} : { endorsingOrganizations: [call.mspId] }),
      });
    } catch (err) {
      throw qsccError(err, call.what);
    }
  }

  rawBlock(actor: IdentityRef, channel: string, number: number, mspId?: string): Promise<Uint8Array> {
    const args = [channel, `${number}`];
    return this.#call(actor, channel, {
      chaincode: 'qscc',
      fn: 'GetBlockByNumber',
      args,
      mspId,
      what: `block ${number}`,
    });
  }

  rawBlockByTxId(actor: IdentityRef, channel: string, txId: string): Promise<Uint8Array> {
    const args = [channel, txId];
    return this.#call(actor, channel, { chaincode: 'qscc', fn: 'GetBlockByTxID', args, what: `transaction ${txId}` });
  }

  async chainInfo(actor: IdentityRef, channel: string): Promise<ChainInfo> {
    const call = { chaincode: 'qscc', fn: 'GetChainInfo', args: [channel], what: `channel ${channel}` };
    return decodeChainInfo(await this.#call(actor, channel, call));
  }

  async chaincodeDefinitions(actor: IdentityRef, channel: string): Promise<ChaincodeDefinition[]> {
    const lifecycle = (fn: string, args: Uint8Array): Promise<Uint8Array> =>
      this.#call(actor, channel, { chaincode: '_lifecycle', fn, args: [args], what: fn });
    const list = peer.lifecycle.QueryChaincodeDefinitionsResult.deserializeBinary(
      await lifecycle(
        'QueryChaincodeDefinitions',
        new peer.lifecycle.QueryChaincodeDefinitionsArgs().serializeBinary(),
      ),
    );
    return Promise.all(
      list.getChaincodeDefinitionsList().map(async (definition) => {
        const query = new peer.lifecycle.QueryChaincodeDefinitionArgs();
        query.setName(definition.getName());
        const result = peer.lifecycle.QueryChaincodeDefinitionResult.deserializeBinary(
          await lifecycle('QueryChaincodeDefinition', query.serializeBinary()),
        );
        return {
          name: definition.getName(),
          version: result.getVersion(),
          sequence: result.getSequence(),
          endorsementPolicy: endorsementPolicyText(result.getValidationParameter_asU8()),
          initRequired: result.getInitRequired(),
          approvals: Object.fromEntries(result.toObject().approvalsMap),
        };
      }),
    );
  }
}

interface Call {
  readonly chaincode: string;
  readonly fn: string;
  readonly args: (string | Uint8Array)[];
  readonly mspId?: string | undefined;
  readonly what: string;
}
