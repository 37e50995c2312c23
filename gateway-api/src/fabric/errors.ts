import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitError, CommitStatusError, GatewayError, StatusCode } from '@hyperledger/fabric-gateway';
import { type ErrorCode, HTTP_STATUS_BY_ERROR_CODE, parseRegistryError } from '@ncr/chaincode/domain';
import {
  type ApiError,
  ChaincodeError,
  CommitStatusUnknownError,
  ConflictError,
  EndorsementMismatchError,
  ForbiddenError,
  LedgerError,
  LedgerUnavailableError,
  TransactionInvalidError,
  toApiError,
} from '../errors';

/**
 * Finds a registry rejection (`CODE: detail`) in the messages Fabric returns: the peer wraps the chaincode's
 * message as `chaincode response 500, CODE: detail`, in the error details (endorse) or in the message itself
 * (evaluate).
 */
export function parseChaincodeMessage(messages: readonly string[]): { code: ErrorCode; detail: string } | undefined {
  for (const message of messages) {
    const found = parseRegistryError(message);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The HTTP error for a chaincode code, through the one table in @ncr/chaincode/domain. */
function chaincodeError(code: ErrorCode, detail: string, txId?: string): ChaincodeError {
  return new ChaincodeError(HTTP_STATUS_BY_ERROR_CODE[code], code, detail || code, { txId });
}

const VALIDATION_CODE_NAMES = new Map<number, string>(
  Object.entries(StatusCode).map(([name, code]): [number, string] => [code, name]),
);

export function validationCodeName(code: number): string {
  return VALIDATION_CODE_NAMES.get(code) ?? `UNKNOWN_${code}`;
}

/** The error for a transaction that committed with a non-VALID code (after any MVCC retries). */
export function invalidTransactionError(txId: string, code: number): ApiError {
  const name = validationCodeName(code);
  if (code === StatusCode.MVCC_READ_CONFLICT || code === StatusCode.PHANTOM_READ_CONFLICT) {
    return new ConflictError(`transaction ${txId} conflicted with a concurrent update (${name}); retry`, {
      txId,
      validationCode: name,
    });
  }
  return new TransactionInvalidError(txId, name);
}

function transactionIdOf(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'transactionId' in err) {
    const { transactionId } = err;
    return typeof transactionId === 'string' ? transactionId : undefined;
  }
  return undefined;
}

/** What the peer gateway says when two endorsers simulated the proposal with different results. */
const PAYLOAD_MISMATCH = /ProposalResponsePayloads do not match/;
/**
 * What it says when an endorser (or its chaincode service) is down: a peer it could not reach, a chaincode stream
 * that ended or could not be dialled, or no set of live peers left that satisfies the endorsement policy.
 */
const ENDORSER_DOWN = new RegExp(
  [
    'code = Unavailable',
    'connection refused',
    'chaincode stream terminated',
    // The peer could not reach its chaincode service (killed, or not answering within the peer's dial deadline).
    'could not launch chaincode',
    'no combination of peers can be derived',
    'due to unavailability of peers',
    'failed to find any endorsing peers',
    'no peers available to evaluate',
  ].join('|'),
);

const messagesOf = (err: GatewayError): string[] => [err.message, ...err.details.map((d) => d.message)];

/**
 * True when endorsement failed only because the endorsing peers returned different results: one had committed a
 * block the other had not yet (or they hold different state). Nothing was ordered, so proposing again is safe.
 */
export function isEndorsementMismatch(err: unknown): boolean {
  return (
    err instanceof GatewayError &&
    parseChaincodeMessage(messagesOf(err)) === undefined &&
    messagesOf(err).some((message) => PAYLOAD_MISMATCH.test(message))
  );
}

const UNREACHABLE: ReadonlySet<number> = new Set<number>([
  GrpcStatus.UNAVAILABLE,
  GrpcStatus.DEADLINE_EXCEEDED,
  GrpcStatus.RESOURCE_EXHAUSTED,
]);

/**
 * Which organisations' peers could not endorse, when the peer gateway says so (its error details name each
 * endorser it tried): "the ledger is unreachable: no endorsement from GovernmentMSP (host:port); try again later".
 * Undefined (the table's message) when no detail names one, e.g. once the peer has dropped the endorser from its view.
 */
function unreachableText(err: GatewayError): string | undefined {
  const down = err.details.filter((detail) => ENDORSER_DOWN.test(detail.message));
  if (down.length === 0) return undefined;
  const named = [...new Set(down.map((detail) => `${detail.mspId} (${detail.address})`))].sort();
  return `the ledger is unreachable: no endorsement from ${named.join(', ')}; try again later`;
}

/**
 * Maps anything a Fabric call throws onto the gateway's error hierarchy:
 * - a chaincode rejection `CODE: detail` → its HTTP status from the shared table;
 * - any failure once an endorsed transaction is being sent for ordering (SubmitError) or while its commit status
 *   is read (CommitStatusError) → 503 COMMIT_STATUS_UNKNOWN with its txId: it may have been ordered;
 * - endorsing peers that returned different results → 409 ENDORSEMENT_MISMATCH (retryable, `Retry-After`);
 * - gRPC UNAVAILABLE / DEADLINE_EXCEEDED / RESOURCE_EXHAUSTED otherwise, or an endorser or its chaincode service
 *   down (no set of live peers satisfies the endorsement policy) → 503 LEDGER_UNAVAILABLE;
 * - PERMISSION_DENIED → 403; a CommitError → by validation code; anything else → 502 LEDGER_ERROR.
 */
export function mapFabricError(err: unknown): ApiError {
  if (err instanceof CommitError) return invalidTransactionError(err.transactionId, err.code);
  if (err instanceof GatewayError) {
    const txId = transactionIdOf(err);
    const found = parseChaincodeMessage(messagesOf(err));
    if (found !== undefined) return chaincodeError(found.code, found.detail, txId);
    if (isEndorsementMismatch(err)) return new EndorsementMismatchError({ txId, cause: err });
    // The transaction was ordered; only reading its outcome failed.
    if (err instanceof CommitStatusError) return new CommitStatusUnknownError(err.transactionId, { cause: err });
    // Sending an endorsed transaction failed: the orderer may still have received it, so nothing is known.
    if (err.name === 'SubmitError' && txId !== undefined) return new CommitStatusUnknownError(txId, { cause: err });
    const code: number = err.code;
    if (UNREACHABLE.has(code) || messagesOf(err).some((message) => ENDORSER_DOWN.test(message))) {
      return new LedgerUnavailableError(unreachableText(err), { txId, cause: err });
    }
    if (code === (GrpcStatus.PERMISSION_DENIED as number)) {
      return new ForbiddenError('the ledger refused this identity', { txId, cause: err });
    }
    return new LedgerError(undefined, { txId, cause: err });
  }
  return toApiError(err);
}
