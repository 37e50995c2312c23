import { setTimeout as sleep } from 'node:timers/promises';
import {
  type ChaincodeEvent,
  type CloseableAsyncIterable,
  type Commit,
  type Status,
  StatusCode,
} from '@hyperledger/fabric-gateway';
import { GatewayError } from '@hyperledger/fabric-gateway';
import { NotFoundError } from '../errors';
import {
  type Credentials,
  type CredentialStore,
  type IdentityRef,
  identityKey,
  signingCredentials,
} from '../identity/credentials';
import { type Logger, currentLogger } from '../log';
import type { Metrics } from '../metrics';
import { type Closeable, piped } from '../streams';
import {
  type ChainInfo,
  type DecodedBlock,
  type TransactionDetail,
  decodeBlock,
  decodeChainInfo,
  decodeProcessedTransaction,
} from './blocks';
import type { FabricConnections, PeerHealth } from './connections';
import { endorseConsistently } from './endorsement';
import { invalidTransactionError, mapFabricError, validationCodeName } from './errors';
import { type OrderingHealth, type OrderingProbe, orderTransaction } from './ordering';
import { parseResult, timedFabricCall } from './fabric-call';
import { currentJournal } from './submission';

/** A committed transaction: its ID, the block it is in, and the chaincode's parsed result. */
export interface Committed<T = unknown> {
  readonly txId: string;
  readonly blockNumber: number;
  readonly result: T;
}

/** A committed registry event, as delivered to SSE clients. */
export interface RegistryEvent {
  readonly blockNumber: number;
  readonly txId: string;
  readonly eventName: string;
  readonly payload: unknown;
}

export type EventStream = Closeable<RegistryEvent>;

/** A transaction found on the ledger by ID, with the block that holds it. */
export interface LocatedTransaction extends TransactionDetail {
  readonly blockNumber: number;
}

/**
 * The gateway's facade over Fabric. Every call acts as `actor`, an identity whose credentials the gateway
 * holds: writes are signed by the acting user's own key. Errors are always {@link ApiError}s.
 */
export interface Ledger {
  /** Runs a registry transaction on one peer without ordering it; returns its parsed JSON result. */
  evaluate(actor: IdentityRef, contract: string, transaction: string, arg?: unknown): Promise<unknown>;
  /**
   * Endorses, orders and waits for the commit of a registry transaction (re-proposed on MVCC and phantom read
   * conflicts). The
   * current submission journal (`withJournal`) is told each txId before it is sent; once sent, any failure is
   * `COMMIT_STATUS_UNKNOWN` with the txId (it may have been ordered).
   */
  submit(actor: IdentityRef, contract: string, transaction: string, arg?: unknown): Promise<Committed>;
  /**
   * Sends an endorsed transaction (`OrderingTransaction.envelope`) for ordering again and waits for its commit
   * status, whatever it is. Safe to repeat: the ledger commits a txId at most once (later copies are
   * `DUPLICATE_TXID`). Look the transaction up afterwards for its outcome.
   */
  resubmit(actor: IdentityRef, envelope: Uint8Array): Promise<void>;
  chainInfo(actor: IdentityRef): Promise<ChainInfo>;
  block(actor: IdentityRef, blockNumber: number): Promise<DecodedBlock>;
  transaction(actor: IdentityRef, txId: string): Promise<LocatedTransaction>;
  /** Committed registry chaincode events from `startBlock` on (or from the next block when undefined). */
  events(actor: IdentityRef, startBlock: bigint | undefined): Promise<EventStream>;
  peers(): Promise<PeerHealth[]>;
}

/** Event payloads are JSON by contract, but a stream must not die on one that is not. */
function parseLenient(bytes: Uint8Array): unknown {
  try {
    return parseResult(bytes);
  } catch {
    return Buffer.from(bytes).toString('base64');
  }
}

export interface FabricLedgerOptions {
  readonly connections: FabricConnections;
  readonly credentials: CredentialStore;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly mvccRetries: number;
  /** When given, writes fail fast while a majority of orderers is down. */
  readonly ordering?: OrderingProbe | undefined;
}

export class FabricLedger implements Ledger {
  readonly #connections: FabricConnections;
  readonly #store: CredentialStore;
  readonly #metrics: Metrics;
  readonly #logger: Logger;
  readonly #mvccRetries: number;
  readonly #ordering: OrderingProbe | undefined;
  readonly #credentials = new Map<string, Credentials>();

  constructor(options: FabricLedgerOptions) {
    this.#connections = options.connections;
    this.#store = options.credentials;
    this.#metrics = options.metrics;
    this.#logger = options.logger;
    this.#mvccRetries = options.mvccRetries;
    this.#ordering = options.ordering;
  }

  async #credentialsOf(actor: IdentityRef): Promise<Credentials> {
    const key = identityKey(actor);
    const cached = this.#credentials.get(key);
    if (cached !== undefined) return cached;
    const found = signingCredentials(await this.#store.get(actor), actor);
    this.#credentials.set(key, found);
    return found;
  }

  #timed<T>(kind: string, transaction: string, call: () => Promise<T>): Promise<T> {
    return timedFabricCall(this.#metrics, kind, transaction, call);
  }

  /** qscc answers a missing block or transaction with an error; it is a 404 to the client. */
  async #qscc<T>(name: string, what: string, call: () => Promise<T>): Promise<T> {
    return this.#timed('qscc', name, async () => {
      try {
        return await call();
      } catch (err) {
        if (err instanceof GatewayError) {
          const messages = [err.message, ...err.details.map((d) => d.message)].join('\n');
          if (/not found|no such (?:transaction|block)|could not be found/i.test(messages))
            throw new NotFoundError(`${what} not found`);
        }
        throw err;
      }
    });
  }

  async #contract(actor: IdentityRef, contract?: string) {
    const credentials = await this.#credentialsOf(actor);
    const network = this.#connections.networkFor(credentials);
    return contract === undefined
      ? network.getContract('qscc')
      : network.getContract(this.#connections.chaincodeName, contract);
  }

  async evaluate(actor: IdentityRef, contract: string, transaction: string, arg?: unknown): Promise<unknown> {
    const name = `${contract}.${transaction}`;
    return this.#timed('evaluate', name, async () => {
      const target = await this.#contract(actor, contract);
      const bytes = await target.evaluate(transaction, { arguments: arg === undefined ? [] : [JSON.stringify(arg)] });
      return parseResult(bytes);
    });
  }

  async submit(actor: IdentityRef, contract: string, transaction: string, arg?: unknown): Promise<Committed> {
    const name = `${contract}.${transaction}`;
    const log = currentLogger(this.#logger);
    const target = await this.#contract(actor, contract);
    const args = arg === undefined ? [] : [JSON.stringify(arg)];
    const journal = currentJournal();
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.#timed('submit', name, async () => {
        const ordering = await this.#ordering?.assertCanOrder();
        // Endorsement changes nothing: its failures are clean rejections, mapped as such.
        const endorsed = await endorseConsistently(() => target.newProposal(transaction, { arguments: args }), log);
        const txId = endorsed.getTransactionId();
        // Recorded before it is sent, so that a retry can find this txId whatever happens next.
        await journal?.ordering({ txId, envelope: endorsed.getBytes() });
        log.debug({ txId, transaction: name, attempt }, 'transaction endorsed; sending it for ordering');
        const status = await this.#order(txId, () => endorsed.submit(), ordering);
        if (status.successful) {
          const committed = {
            txId,
            blockNumber: Number(status.blockNumber),
            result: parseResult(endorsed.getResult()),
          };
          log.info({ txId, blockNumber: committed.blockNumber, transaction: name }, 'transaction committed');
          return committed;
        }
        log.warn({ txId, transaction: name, validationCode: validationCodeName(status.code), attempt }, 'invalid');
        // A phantom read (a range read in an update, such as a holder's pending requests) is a conflict too.
        const conflicted =
          status.code === StatusCode.MVCC_READ_CONFLICT || status.code === StatusCode.PHANTOM_READ_CONFLICT;
        if (conflicted && attempt < this.#mvccRetries) return undefined;
        throw invalidTransactionError(txId, status.code);
      });
      if (outcome !== undefined) return outcome;
      this.#metrics.mvccRetries.inc();
      // Jittered back-off so that colliding clients do not collide again in lockstep.
      await sleep(20 * 2 ** attempt + Math.floor(Math.random() * 50));
    }
  }

  /** Sends an endorsed transaction and waits for its commit status (see orderTransaction), counted by code. */
  async #order(txId: string, send: () => Promise<Pick<Commit, 'getStatus'>>, since?: OrderingHealth): Promise<Status> {
    const status = await orderTransaction(txId, send, this.#ordering, since);
    this.#metrics.commitStatus.inc({ code: validationCodeName(status.code) });
    return status;
  }

  async resubmit(actor: IdentityRef, envelope: Uint8Array): Promise<void> {
    await this.#timed('submit', 'resubmit', async () => {
      const credentials = await this.#credentialsOf(actor);
      const endorsed = this.#connections.gatewayFor(credentials).newTransaction(envelope);
      const txId = endorsed.getTransactionId();
      const ordering = await this.#ordering?.assertCanOrder();
      const status = await this.#order(txId, () => endorsed.submit(), ordering);
      currentLogger(this.#logger).info(
        { txId, validationCode: validationCodeName(status.code) },
        'transaction sent again',
      );
    });
  }

  async chainInfo(actor: IdentityRef): Promise<ChainInfo> {
    return this.#qscc('GetChainInfo', 'channel', async () => {
      const qscc = await this.#contract(actor);
      return decodeChainInfo(await qscc.evaluateTransaction('GetChainInfo', this.#connections.channelName));
    });
  }

  async block(actor: IdentityRef, blockNumber: number): Promise<DecodedBlock> {
    return this.#qscc('GetBlockByNumber', `block ${blockNumber}`, async () => {
      const qscc = await this.#contract(actor);
      const bytes = await qscc.evaluateTransaction('GetBlockByNumber', this.#connections.channelName, `${blockNumber}`);
      return decodeBlock(bytes);
    });
  }

  async transaction(actor: IdentityRef, txId: string): Promise<LocatedTransaction> {
    return this.#qscc('GetTransactionByID', `transaction ${txId}`, async () => {
      const qscc = await this.#contract(actor);
      const channel = this.#connections.channelName;
      const [processed, block] = await Promise.all([
        qscc.evaluateTransaction('GetTransactionByID', channel, txId),
        qscc.evaluateTransaction('GetBlockByTxID', channel, txId),
      ]);
      return { ...decodeProcessedTransaction(processed), blockNumber: decodeBlock(block).number };
    });
  }

  async events(actor: IdentityRef, startBlock: bigint | undefined): Promise<EventStream> {
    const credentials = await this.#credentialsOf(actor);
    const network = this.#connections.networkFor(credentials);
    let source: CloseableAsyncIterable<ChaincodeEvent>;
    try {
      source = await network.getChaincodeEvents(
        this.#connections.chaincodeName,
        startBlock === undefined ? {} : { startBlock },
      );
    } catch (err) {
      throw mapFabricError(err);
    }
    return piped(source, async function* (events) {
      for await (const event of events) {
        yield {
          blockNumber: Number(event.blockNumber),
          txId: event.transactionId,
          eventName: event.eventName,
          payload: parseLenient(event.payload),
        };
      }
    });
  }

  peers(): Promise<PeerHealth[]> {
    return this.#connections.peersHealth();
  }
}
