import type { Operation } from './openapi';

/** Which part of an invalid request is broken; only parts the operation has. */
export type Part =
  'path' | 'query' | 'body' | 'raw-body' | 'content-type' | 'idempotency-key' | 'method' | 'body-on-get';

/** The parts an invalid request for `operation` may break, repeated to weight the likelier ones. */
export function partsOf(operation: Operation): Part[] {
  const parts: Part[] = ['query', 'method'];
  if (operation.pathParams.length > 0) parts.push('path', 'path');
  if (operation.body !== undefined) parts.push('body', 'body', 'body', 'raw-body', 'content-type');
  if (operation.write) parts.push('idempotency-key');
  if (operation.method === 'GET') parts.push('body-on-get');
  return parts;
}
