import type { ErrorRequestHandler, RequestHandler } from 'express';
import {
  type ApiError,
  NotFoundError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
  toApiError,
} from '../errors';
import { stateOf } from './context';

/** The one error body: `{ error: { code, message, txId? } }`. */
export function errorBody(error: ApiError): { error: { code: string; message: string; txId?: string } } {
  return {
    error: { code: error.code, message: error.message, ...(error.txId === undefined ? {} : { txId: error.txId }) },
  };
}

interface ExpressClientError {
  /** The body parser's error kind. */
  type?: unknown;
  /** The router sets 400 on a path parameter it fails to decode. */
  status?: unknown;
}

/**
 * The client errors Express and its body parser throw before any route code runs: a body over the limit, not
 * JSON, or in an unknown encoding; a path parameter that is not a valid percent-encoding (`%ZZ`, a truncated
 * UTF-8 sequence), which the router fails to decode while matching, before authentication.
 */
function fromExpress(err: unknown): ApiError | undefined {
  const { type, status } = (err ?? {}) as ExpressClientError;
  if (err instanceof URIError && status === 400) {
    return new ValidationError('a path parameter is not valid percent-encoded UTF-8');
  }
  if (type === 'entity.too.large') return new PayloadTooLargeError();
  if (type === 'entity.parse.failed') return new ValidationError('the request body is not valid JSON');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new UnsupportedMediaTypeError();
  return undefined;
}

/** 404 for any path no route matched. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`no route for ${req.method} ${req.path}`));
};

/**
 * The central error handler: maps anything to an ApiError, logs server-side failures with their cause, and
 * answers with the one body shape. Stacks and internal messages never leave the server.
 */
export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  const error = fromExpress(err) ?? toApiError(err);
  const logger = stateOf(req).logger;
  const fields = { code: error.code, status: error.status, txId: error.txId, validationCode: error.validationCode };
  if (error.status >= 500) logger.error({ ...fields, err: error.cause ?? error }, error.message);
  else logger.info(fields, error.message);
  if (res.headersSent) {
    res.end();
    return;
  }
  if (error.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
  res.status(error.status).json(errorBody(error));
};
