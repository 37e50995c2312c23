import { type Gateway, GatewayError } from '@hyperledger/fabric-gateway';
import { parseRegistryError, type ErrorCode } from '@ncr/chaincode/domain';

/** A registry rejection met by the relayer: its stable code and message (docs/api.md, error codes). */
export class RegistryRejection extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'RegistryRejection';
    this.code = code;
  }
}

/** Every message of a Fabric failure (the peers' answers are in the details). */
function messagesOf(err: unknown): string {
  if (err instanceof GatewayError) return [err.message, ...err.details.map((d) => d.message)].join('\n');
  return err instanceof Error ? err.message : String(err);
}

/** A registry rejection as such; any other failure (a peer or orderer away, a deadline) as it came. */
function rejectionOf(err: unknown): unknown {
  const found = parseRegistryError(messagesOf(err));
  return found === undefined ? err : new RegistryRejection(found.code, `${found.code}: ${found.detail}`);
}

const decoder = new TextDecoder();

/** The registry chaincode on one channel, as one identity through its own peer. */
export class RegistryChannel {
  readonly name: string;
  readonly #gateway: Gateway;
  readonly #chaincode: string;

  constructor(gateway: Gateway, name: string, chaincode: string) {
    this.#gateway = gateway;
    this.name = name;
    this.#chaincode = chaincode;
  }

  #contract() {
    return this.#gateway.getNetwork(this.name).getContract(this.#chaincode);
  }

  /** A read; undefined when the chaincode answers NOT_FOUND. */
  async read(transaction: string, arg?: unknown): Promise<unknown> {
    try {
      const bytes = await this.#contract().evaluateTransaction(
        transaction,
        ...(arg === undefined ? [] : [JSON.stringify(arg)]),
      );
      return JSON.parse(decoder.decode(bytes)) as unknown;
    } catch (err) {
      const rejection = rejectionOf(err);
      if (rejection instanceof RegistryRejection && rejection.code === 'NOT_FOUND') return undefined;
      throw rejection;
    }
  }

  /** A write, endorsed as the peer's gateway plans it, ordered and committed; its transaction ID. */
  async write(transaction: string, arg: unknown): Promise<string> {
    try {
      const proposal = this.#contract().newProposal(transaction, { arguments: [JSON.stringify(arg)] });
      const endorsed = await proposal.endorse();
      const submitted = await endorsed.submit();
      const status = await submitted.getStatus();
      if (!status.successful) throw new Error(`${transaction} ${status.transactionId} invalid: code ${status.code}`);
      return status.transactionId;
    } catch (err) {
      throw rejectionOf(err);
    }
  }

  /** The channel's chaincode events from `startBlock` on, or from a checkpoint (fabric-gateway). */
  events(options: Parameters<ReturnType<Gateway['getNetwork']>['getChaincodeEvents']>[1]) {
    return this.#gateway.getNetwork(this.name).getChaincodeEvents(this.#chaincode, options);
  }
}
