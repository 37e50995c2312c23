import type { ErrorCode } from '@ncr/chaincode/domain';

/**
 * The gateway's one error hierarchy. Every failure that reaches the HTTP layer is an {@link ApiError}: a status,
 * a stable machine-readable code and a message safe to show a client (never a stack or an internal detail).
 */
export interface ApiErrorOptions {
  /** The Fabric transaction ID, when a transaction was built. */
  readonly txId?: string | undefined;
  /** The Fabric validation code name (e.g. `MVCC_READ_CONFLICT`), for transactions that committed invalid. */
  readonly validationCode?: string | undefined;
  /** Seconds after which a retry may succeed: answered as the `Retry-After` header. */
  readonly retryAfterSeconds?: number | undefined;
  readonly cause?: unknown;
}

/**
 * The gateway's own codes: the HTTP status of each and, where the situation says it all, its message. The one
 * table: every error class below is made from it, and docs/api.md lists each code under its status (a unit test
 * checks). Rejections by the chaincode carry its codes instead, with the status from `HTTP_STATUS_BY_ERROR_CODE`.
 */
export const API_ERRORS = {
  /** The request is malformed or fails its schema; raised before any transaction is built. */
  VALIDATION: { status: 400 },
  /** No API key, or one the gateway does not know. */
  UNAUTHENTICATED: { status: 401, message: 'missing or unknown API key' },
  /** Authenticated, but not allowed to do this. */
  FORBIDDEN: { status: 403 },
  /**
   * The user keeps its own private key (custody `external`): the gateway cannot sign for it. Its writes go through
   * the offline-signing routes (`POST /v1/transactions/prepare`, then `/endorse` and `/submit` with its signatures).
   */
  OFFLINE_SIGNING_REQUIRED: {
    status: 403,
    message:
      'this user keeps its own private key, so the gateway cannot sign for it: use POST /v1/transactions/prepare, ' +
      'then POST /v1/transactions/{preparedId}/endorse and /submit with your signatures',
  },
  NOT_FOUND: { status: 404 },
  /** The client did not send a whole request (headers, or body) in time. Answered by the HTTP server itself. */
  REQUEST_TIMEOUT: { status: 408, message: 'the request did not arrive in time' },
  /** The request conflicts with the current state (also: MVCC conflicts that persisted after retries). */
  CONFLICT: { status: 409 },
  /**
   * The endorsing peers returned different results, even when endorsed a second time: one peer had not yet
   * committed a block the other had (they endorse at different heights). Nothing was sent for ordering; a retry
   * after `Retry-After` normally succeeds.
   */
  ENDORSEMENT_MISMATCH: {
    status: 409,
    message: 'the endorsing peers returned different results (one is behind); nothing was submitted: retry',
  },
  /**
   * A request with this Idempotency-Key is still running (with the `txId` once a transaction was sent for
   * ordering); the client retries later and never causes a second transaction.
   */
  IDEMPOTENCY_IN_PROGRESS: { status: 409, message: 'a request with this Idempotency-Key is still in progress' },
  /**
   * A new user's enrollment ID is already taken: by a system identity (organisation admin, CA registrar), in the
   * gateway's user wallet, or at the CA. The gateway never hands out an existing identity.
   */
  IDENTITY_TAKEN: { status: 409 },
  /** A document is in the registry's records, but the file the gateway kept no longer hashes to its digest. */
  DOCUMENT_CORRUPT: {
    status: 409,
    message: 'the kept file no longer matches its recorded digest; it is not served (the integrity audit lists it)',
  },
  /** The request body is over the gateway's limit. */
  PAYLOAD_TOO_LARGE: { status: 413, message: 'the request body is too large' },
  /** An uploaded file is larger than the current workflow profile allows (`documents.maxBytes`). */
  DOCUMENT_TOO_LARGE: { status: 413 },
  /** The request body is in an encoding or charset the gateway does not read. */
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'unsupported body encoding' },
  /** An uploaded file's media type is not among those the current workflow profile allows (`documents.mediaTypes`). */
  DOCUMENT_TYPE_NOT_ALLOWED: { status: 415 },
  /**
   * The request was understood, but the registry's records cannot be reported as they stand (a value breaks an
   * AEF vocabulary or format; the message names table, row and column).
   */
  AEF_VALIDATION: { status: 422 },
  /** The same Idempotency-Key was sent with a different request (the request is at fault, not the state). */
  IDEMPOTENCY_KEY_REUSED: { status: 422, message: 'this Idempotency-Key was used for a different request' },
  /**
   * A signature sent to the offline-signing routes does not verify against the user's enrolled certificate over the
   * digest it answers (ECDSA P-256, SHA-256, DER, low S). Nothing was sent to the ledger.
   */
  SIGNATURE_INVALID: { status: 422 },
  /**
   * A notification target the gateway does not send to: a webhook host outside its allow-list
   * (`NCR_WEBHOOK_ALLOW_HOSTS`, empty by default), or an e-mail address while the site has no SMTP server.
   */
  TARGET_NOT_ALLOWED: { status: 422 },
  /** Over the per-key (or, without a key, per-address) request rate. */
  RATE_LIMITED: { status: 429 },
  /**
   * The request line or headers are over the HTTP server's limit. Answered by the server itself, before Express
   * sees the request, then the connection is closed.
   */
  HEADERS_TOO_LARGE: { status: 431, message: 'the request URL or headers are too large' },
  /** A bug or an unexpected failure inside the gateway. */
  INTERNAL: { status: 500, message: 'internal error' },
  /** The ledger answered with an error the gateway cannot classify. The detail goes to the log only. */
  LEDGER_ERROR: { status: 502, message: 'the ledger rejected the request' },
  /** The transaction was ordered but committed with a non-VALID validation code other than an MVCC conflict. */
  TRANSACTION_INVALID: { status: 502 },
  /**
   * A transaction was sent for ordering, then something failed (sending, reading its commit status, or the gateway
   * after the commit). It may have committed: the client should retry with the same Idempotency-Key (resolved on
   * the ledger, never submitted anew) or look it up by txId (GET /v1/ledger/transactions/:txId).
   */
  COMMIT_STATUS_UNKNOWN: { status: 503 },
  /** The ledger (peer gateway, orderers) could not be reached or did not answer in time. */
  LEDGER_UNAVAILABLE: { status: 503, message: 'the ledger is unreachable; try again later' },
  /**
   * A document's file is kept by another organisation's site, whose gateway could not be reached or did not give it
   * (docs/documents.md): the client may retry.
   */
  DOCUMENT_UNAVAILABLE: { status: 503 },
  /** The read model is not there (not started, or being rebuilt): the client may retry. */
  READ_MODEL_UNAVAILABLE: { status: 503 },
  /**
   * The disk under the read model's database has less free space than the gateway requires
   * (`NCR_READMODEL_MIN_FREE_BYTES`): its follower cannot project new blocks, so its views would stop at an old
   * height. Writes are not affected; the read model catches up once space returns.
   */
  READ_MODEL_DISK_FULL: {
    status: 503,
    message: "the read model's disk is full: it cannot follow the ledger until space is freed; try again later",
  },
} as const satisfies Readonly<Record<string, { readonly status: number; readonly message?: string }>>;

export type ApiErrorCode = keyof typeof API_ERRORS;

export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode | ErrorCode;
  readonly txId: string | undefined;
  readonly validationCode: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, code: ApiErrorCode | ErrorCode, message: string, options: ApiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name || 'ApiError';
    this.status = status;
    this.code = code;
    this.txId = options.txId;
    this.validationCode = options.validationCode;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** What an error class makes of its constructor's arguments. */
interface Described {
  readonly message: string;
  readonly options?: ApiErrorOptions;
}

type CodeWithMessage = {
  [C in ApiErrorCode]: (typeof API_ERRORS)[C] extends { readonly message: string } ? C : never;
}[ApiErrorCode];

/** A code's constructor arguments by default: a message (optional where the table has one) and options. */
type MessageArgs<C extends ApiErrorCode> = C extends CodeWithMessage
  ? [message?: string, options?: ApiErrorOptions]
  : [message: string, options?: ApiErrorOptions];

type ApiErrorClass<A extends unknown[]> = new (...args: A) => ApiError;

/**
 * The error class of one code of {@link API_ERRORS}: built from a message and options, or from what `describe`
 * makes of its own arguments.
 */
function errorClass<C extends ApiErrorCode>(code: C): ApiErrorClass<MessageArgs<C>>;
function errorClass<A extends unknown[]>(code: ApiErrorCode, describe: (...args: A) => Described): ApiErrorClass<A>;
function errorClass(code: ApiErrorCode, describe?: (...args: unknown[]) => Described): ApiErrorClass<unknown[]> {
  const entry: { readonly status: number; readonly message?: string } = API_ERRORS[code];
  const byMessage = (message?: unknown, options?: unknown): Described => ({
    message: typeof message === 'string' ? message : (entry.message ?? code),
    ...(typeof options === 'object' && options !== null ? { options } : {}),
  });
  return class extends ApiError {
    constructor(...args: unknown[]) {
      const { message, options } = (describe ?? byMessage)(...args);
      super(entry.status, code, message, options);
    }
  };
}

// Made from a message (optional where the table has one) and options.
export const ValidationError = errorClass('VALIDATION');
export const UnauthenticatedError = errorClass('UNAUTHENTICATED');
export const ForbiddenError = errorClass('FORBIDDEN');
export const OfflineSigningRequiredError = errorClass('OFFLINE_SIGNING_REQUIRED');
export const SignatureInvalidError = errorClass('SIGNATURE_INVALID');
export const NotFoundError = errorClass('NOT_FOUND');
export const RequestTimeoutError = errorClass('REQUEST_TIMEOUT');
export const ConflictError = errorClass('CONFLICT');
export const PayloadTooLargeError = errorClass('PAYLOAD_TOO_LARGE');
export const UnsupportedMediaTypeError = errorClass('UNSUPPORTED_MEDIA_TYPE');
export const DocumentCorruptError = errorClass('DOCUMENT_CORRUPT');
export const DocumentUnavailableError = errorClass('DOCUMENT_UNAVAILABLE');
export const IdempotencyKeyReusedError = errorClass('IDEMPOTENCY_KEY_REUSED');
export const AefUnreportableError = errorClass('AEF_VALIDATION');
export const TargetNotAllowedError = errorClass('TARGET_NOT_ALLOWED');
export const RateLimitedError = errorClass('RATE_LIMITED');
export const HeadersTooLargeError = errorClass('HEADERS_TOO_LARGE');
export const LedgerError = errorClass('LEDGER_ERROR');
export const LedgerUnavailableError = errorClass('LEDGER_UNAVAILABLE');
export const ReadModelUnavailableError = errorClass('READ_MODEL_UNAVAILABLE');
export const ReadModelDiskFullError = errorClass('READ_MODEL_DISK_FULL', (freeBytes?: number) => ({
  message:
    freeBytes === undefined
      ? API_ERRORS.READ_MODEL_DISK_FULL.message
      : `${API_ERRORS.READ_MODEL_DISK_FULL.message} (${freeBytes} bytes free)`,
  options: { retryAfterSeconds: 5 },
}));

// Made from their own arguments.
export const DocumentTooLargeError = errorClass('DOCUMENT_TOO_LARGE', (maxBytes: number) => ({
  message: `the document is over the ${String(maxBytes)} bytes the workflow profile allows`,
}));
export const DocumentTypeNotAllowedError = errorClass(
  'DOCUMENT_TYPE_NOT_ALLOWED',
  (mediaType: string, why: string) => ({
    message: `media type ${mediaType || '(none)'} is not allowed: ${why}`,
  }),
);
export const IdentityTakenError = errorClass('IDENTITY_TAKEN', (enrollmentId: string, where: string) => ({
  message: `the enrollment ID ${enrollmentId} is already taken ${where}`,
}));
export const IdempotencyInProgressError = errorClass('IDEMPOTENCY_IN_PROGRESS', (txId?: string) => ({
  message:
    txId === undefined
      ? API_ERRORS.IDEMPOTENCY_IN_PROGRESS.message
      : `a request with this Idempotency-Key is in progress: transaction ${txId} is not committed yet; retry later`,
  options: { txId },
}));
export const EndorsementMismatchError = errorClass('ENDORSEMENT_MISMATCH', (options?: ApiErrorOptions) => ({
  message: API_ERRORS.ENDORSEMENT_MISMATCH.message,
  options: { retryAfterSeconds: 1, ...options },
}));
export const InternalError = errorClass('INTERNAL', (options?: ApiErrorOptions) => ({
  message: API_ERRORS.INTERNAL.message,
  options,
}));
export const TransactionInvalidError = errorClass('TRANSACTION_INVALID', (txId: string, validationCode: string) => ({
  message: `transaction ${txId} was committed as invalid (${validationCode})`,
  options: { txId, validationCode },
}));
export const CommitStatusUnknownError = errorClass(
  'COMMIT_STATUS_UNKNOWN',
  (txId: string, options?: ApiErrorOptions) => ({
    message: `transaction ${txId} was submitted but its commit status is unknown`,
    options: { ...options, txId },
  }),
);

/** A rejection raised on purpose by the chaincode (`CODE: message`), with the status from the shared table. */
export class ChaincodeError extends ApiError {}

/** Converts anything thrown into an ApiError without leaking its message. */
export function toApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new InternalError({ cause: err });
}
