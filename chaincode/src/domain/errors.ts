/** Stable, machine-readable error codes. The message a client receives always starts with `${code}: `. */
export const ERROR_CODES = [
  'NOT_FOUND',
  'FORBIDDEN',
  'INVALID_STATE',
  'INSUFFICIENT_CREDITS',
  'VALIDATION',
  'CONFLICT',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The one mapping from chaincode error code to HTTP status, used by the gateway. */
export const HTTP_STATUS_BY_ERROR_CODE: Readonly<Record<ErrorCode, number>> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  INVALID_STATE: 409,
  INSUFFICIENT_CREDITS: 409,
  VALIDATION: 400,
  CONFLICT: 409,
};

/** A rejection the chaincode raises on purpose; anything else is an internal error. */
export class RegistryError extends Error {
  readonly code: ErrorCode;
  readonly detail: string;

  constructor(code: ErrorCode, detail: string) {
    super(`${code}: ${detail}`);
    this.name = 'RegistryError';
    this.code = code;
    this.detail = detail;
  }
}

const CODE_PATTERN = new RegExp(`(?:^|[^A-Z_])(${ERROR_CODES.join('|')}): ([^\\n]*)`);

/**
 * Finds a registry rejection (`CODE: detail`) in an error string as a client sees it, e.g. a peer message such as
 * `10 ABORTED: failed to endorse transaction ... chaincode response 500, NOT_FOUND: project X does not exist`.
 * Returns undefined when the string carries no registry code (an internal or network error).
 */
export function parseRegistryError(message: string): { code: ErrorCode; detail: string } | undefined {
  const match = CODE_PATTERN.exec(message);
  const code = ERROR_CODES.find((c) => c === match?.[1]);
  return code === undefined ? undefined : { code, detail: (match?.[2] ?? '').trim() };
}

/** The registry error code in an error string, or undefined (see parseRegistryError). */
export function parseErrorCode(message: string): ErrorCode | undefined {
  return parseRegistryError(message)?.code;
}

export const notFound = (detail: string): RegistryError => new RegistryError('NOT_FOUND', detail);
export const forbidden = (detail: string): RegistryError => new RegistryError('FORBIDDEN', detail);
export const invalidState = (detail: string): RegistryError => new RegistryError('INVALID_STATE', detail);
export const insufficientCredits = (detail: string): RegistryError => new RegistryError('INSUFFICIENT_CREDITS', detail);
export const validation = (detail: string): RegistryError => new RegistryError('VALIDATION', detail);
export const conflict = (detail: string): RegistryError => new RegistryError('CONFLICT', detail);
