/**
 * The gateway's one error hierarchy. Every failure that reaches the HTTP layer is an {@link ApiError}: a status,
 * a stable machine-readable code and a message safe to show a client (never a stack or an internal detail).
 */
export interface ApiErrorOptions {
  /** The Fabric transaction ID, when a transaction was built. */
  readonly txId?: string | undefined;
  /** The Fabric validation code name (e.g. `MVCC_READ_CONFLICT`), for transactions that committed invalid. */
  readonly validationCode?: string | undefined;
  readonly cause?: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly txId: string | undefined;
  readonly validationCode: string | undefined;

  constructor(status: number, code: string, message: string, options: ApiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.txId = options.txId;
    this.validationCode = options.validationCode;
  }
}

/** 400: the request is malformed or fails its schema; raised before any transaction is built. */
export class ValidationError extends ApiError {
  constructor(message: string, options?: ApiErrorOptions) {
    super(400, 'VALIDATION', message, options);
  }
}

/** 401: no API key, or one the gateway does not know. */
export class UnauthenticatedError extends ApiError {
  constructor(message = 'missing or unknown API key') {
    super(401, 'UNAUTHENTICATED', message);
  }
}

/** 403: authenticated, but not allowed to do this. */
export class ForbiddenError extends ApiError {
  constructor(message: string, options?: ApiErrorOptions) {
    super(403, 'FORBIDDEN', message, options);
  }
}

/** 404 */
export class NotFoundError extends ApiError {
  constructor(message: string, options?: ApiErrorOptions) {
    super(404, 'NOT_FOUND', message, options);
  }
}

/** 409: the request conflicts with the current state (also: MVCC conflicts that persisted after retries). */
export class ConflictError extends ApiError {
  constructor(message: string, options?: ApiErrorOptions) {
    super(409, 'CONFLICT', message, options);
  }
}

/**
 * 409: a new user's enrollment ID is already taken: by a system identity (organisation admin, CA registrar), in
 * the gateway's user wallet, or at the CA. The gateway never hands out an existing identity.
 */
export class IdentityTakenError extends ApiError {
  constructor(enrollmentId: string, where: string) {
    super(409, 'IDENTITY_TAKEN', `the enrollment ID ${enrollmentId} is already taken ${where}`);
  }
}

/**
 * 409: a request with this Idempotency-Key is still running (with the `txId` once a transaction was sent for
 * ordering); the client retries later and never causes a second transaction.
 */
export class IdempotencyInProgressError extends ApiError {
  constructor(txId?: string) {
    super(
      409,
      'IDEMPOTENCY_IN_PROGRESS',
      txId === undefined
        ? 'a request with this Idempotency-Key is still in progress'
        : `a request with this Idempotency-Key is in progress: transaction ${txId} is not committed yet; retry later`,
      { txId },
    );
  }
}

/** 413: the request body is over the gateway's limit. */
export class PayloadTooLargeError extends ApiError {
  constructor(message = 'the request body is too large') {
    super(413, 'PAYLOAD_TOO_LARGE', message);
  }
}

/** 415: the request body is in an encoding or charset the gateway does not read. */
export class UnsupportedMediaTypeError extends ApiError {
  constructor(message = 'unsupported body encoding') {
    super(415, 'UNSUPPORTED_MEDIA_TYPE', message);
  }
}

/** 422: the same Idempotency-Key was sent with a different request (the request is at fault, not the state). */
export class IdempotencyKeyReusedError extends ApiError {
  constructor(message = 'this Idempotency-Key was used for a different request') {
    super(422, 'IDEMPOTENCY_KEY_REUSED', message);
  }
}

/**
 * 422: the request was understood, but the registry's records cannot be reported as they stand (a value breaks
 * an AEF vocabulary or format; the message names table, row and column).
 */
export class AefUnreportableError extends ApiError {
  constructor(message: string, options?: ApiErrorOptions) {
    super(422, 'AEF_VALIDATION', message, options);
  }
}

/** 429: over the per-key (or, without a key, per-address) request rate. */
export class RateLimitedError extends ApiError {
  constructor(message: string) {
    super(429, 'RATE_LIMITED', message);
  }
}

/** 408: the client did not send a whole request (headers, or body) in time. Answered by the HTTP server itself. */
export class RequestTimeoutError extends ApiError {
  constructor(message = 'the request did not arrive in time') {
    super(408, 'REQUEST_TIMEOUT', message);
  }
}

/**
 * 431: the request line or headers are over the HTTP server's limit. Answered by the server itself, before
 * Express sees the request, then the connection is closed.
 */
export class HeadersTooLargeError extends ApiError {
  constructor(message = 'the request URL or headers are too large') {
    super(431, 'HEADERS_TOO_LARGE', message);
  }
}

/** 503: the read model is not there (not started, or being rebuilt): the client may retry. */
export class ReadModelUnavailableError extends ApiError {
  constructor(message: string) {
    super(503, 'READ_MODEL_UNAVAILABLE', message);
  }
}

/** A rejection raised on purpose by the chaincode (`CODE: message`), with the status from the shared table. */
export class ChaincodeError extends ApiError {}

/** The transaction was ordered but committed with a non-VALID validation code other than an MVCC conflict. */
export class TransactionInvalidError extends ApiError {
  constructor(txId: string, validationCode: string) {
    super(502, 'TRANSACTION_INVALID', `transaction ${txId} was committed as invalid (${validationCode})`, {
      txId,
      validationCode,
    });
  }
}

/** 503: the ledger (peer gateway, orderers) could not be reached or did not answer in time. */
export class LedgerUnavailableError extends ApiError {
  constructor(message = 'the ledger is unreachable; try again later', options?: ApiErrorOptions) {
    super(503, 'LEDGER_UNAVAILABLE', message, options);
  }
}

/**
 * 503: a transaction was sent for ordering, then something failed (sending, reading its commit status, or the
 * gateway after the commit). It may have committed: the client should retry with the same Idempotency-Key
 * (resolved on the ledger, never submitted anew) or look it up by txId (GET /v1/ledger/transactions/:txId).
 */
export class CommitStatusUnknownError extends ApiError {
  constructor(txId: string, options?: ApiErrorOptions) {
    super(503, 'COMMIT_STATUS_UNKNOWN', `transaction ${txId} was submitted but its commit status is unknown`, {
      ...options,
      txId,
    });
  }
}

/** 502: the ledger answered with an error the gateway cannot classify. The detail goes to the log only. */
export class LedgerError extends ApiError {
  constructor(message = 'the ledger rejected the request', options?: ApiErrorOptions) {
    super(502, 'LEDGER_ERROR', message, options);
  }
}

/** 500: a bug or an unexpected failure inside the gateway. */
export class InternalError extends ApiError {
  constructor(options?: ApiErrorOptions) {
    super(500, 'INTERNAL', 'internal error', options);
  }
}

/** Converts anything thrown into an ApiError without leaking its message. */
export function toApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new InternalError({ cause: err });
}
