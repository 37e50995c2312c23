import { type CloseableAsyncIterable, GatewayError, type Network } from '@hyperledger/fabric-gateway';
import { type common, peer } from '@hyperledger/fabric-protos';
import { NotFoundError } from '../errors';
import { type ChainInfo, decodeChainInfo } from '../fabric/blocks';
import type { FabricConnections } from '../fabric/connections';
import { mapFabricError } from '../fabric/errors';
import { type CredentialStore, type IdentityRef, signingCredentials } from '../identity/credentials';
import { type Closeable, piped } from '../streams';
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
  /** Every block from `startBlock` on as it is committed (block events, the channel's Readers). */
  blockEvents(actor: IdentityRef, channel: string, startBlock: number): Promise<Closeable<Uint8Array>>;
}

const NOT_FOUND = /not found|no such (?:transaction|block)|could not be found/i;

/** qscc answers a missing block or transaction with an error: a 404 to the client; anything else is mapped. */
function qsccError(err: unknown, what: string): Error {
  const messages = err instanceof GatewayError ? [err.message, ...err.details.map((d) => d.message)] : [];
  return NOT_FOUND.test(messages.join('\n')) ? new NotFoundError(`${what} not found`) : mapFabricError(err);
}

export class FabricExplorerLedger implements ExplorerLedger {
  readonly #o: { readonly connections: FabricConnections; readonly credentials: CredentialStore };

  constructor(options: { readonly connections: FabricConnections; readonly credentials: CredentialStore }) {
    this.#o = options;
  }

  /** The channel as the actor sees it, through the actor's own gateway connection. */
  async #network(actor: IdentityRef, channel: string): Promise<Network> {
    const credentials = signingCredentials(await this.#o.credentials.get(actor), actor);
    return this.#o.connections.gatewayFor(credentials).getNetwork(channel);
  }

  async #call(actor: IdentityRef, channel: string, call: Call): Promise<Uint8Array> {
    const contract = (await this.#network(actor, channel)).getContract(call.chaincode);
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

  async blockEvents(actor: IdentityRef, channel: string, startBlock: number): Promise<Closeable<Uint8Array>> {
    const network = await this.#network(actor, channel);
    let source: CloseableAsyncIterable<common.Block>;
    try {
      source = await network.getBlockEvents({ startBlock: BigInt(startBlock) });
    } catch (err) {
      throw mapFabricError(err);
    }
    return piped(source, async function* (blocks) {
      for await (const block of blocks) yield block.serializeBinary();
    });
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
