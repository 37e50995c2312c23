import { ERROR_CODES, HTTP_STATUS_BY_ERROR_CODE } from '@ncr/chaincode/domain';
import * as gateway from '@ncr/gateway-api';
import { type Operation, mediaType } from './openapi';

/**
 * What every answer must satisfy, whatever was asked: no 5xx, one error shape with a code from the error table,
 * only declared statuses and content types; and rejected requests change nothing (see {@link diffSnapshots}).
 */

export type ViolationKind =
  | 'server-error'
  | 'no-answer'
  | 'error-shape'
  | 'unknown-code'
  | 'code-status'
  | 'undeclared-status'
  | 'content-type'
  | 'state-changed';

export interface Finding {
  readonly kind: ViolationKind;
  readonly detail: string;
  /** The error code the answer carried, if any. */
  readonly code?: string | undefined;
}

/** An answer as the oracles see it. */
export interface Reply {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: Buffer;
}

/** Error code → the statuses it may be answered with. */
export type ErrorTable = ReadonlyMap<string, ReadonlySet<number>>;

type ApiErrorClass = new (...args: string[]) => gateway.ApiError;

function isApiErrorClass(value: unknown): value is ApiErrorClass {
  return typeof value === 'function' && value.prototype instanceof gateway.ApiError;
}

/**
 * The error table, read from the code: the chaincode's ERROR_CODES with their HTTP status, and the code and
 * status of every ApiError subclass the gateway exports (its errors module). A class whose code depends on its
 * arguments (the chaincode rejection wrapper) yields no fixed code and is covered by ERROR_CODES.
 */
export function errorTable(): ErrorTable {
  const table = new Map<string, Set<number>>();
  const add = (code: string, status: number): void => {
    const statuses = table.get(code) ?? new Set<number>();
    statuses.add(status);
    table.set(code, statuses);
  };
  for (const code of ERROR_CODES) add(code, HTTP_STATUS_BY_ERROR_CODE[code]);
  for (const exported of Object.values(gateway)) {
    if (!isApiErrorClass(exported)) continue;
    const sample = new exported('x', 'x');
    if (/^[A-Z][A-Z_]*$/.test(sample.code) && Number.isInteger(sample.status)) add(sample.code, sample.status);
  }
  return table;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `{error: {code, message, txId?}}` and nothing else: the code, or a description of what is wrong. */
export function errorShape(reply: Reply): { code: string } | { problem: string } {
  if (mediaType(reply.contentType) !== 'application/json') {
    return { problem: `content type ${reply.contentType ?? '(none)'} instead of application/json` };
  }
  const body = parseJson(reply.body);
  if (!isObject(body) || !isObject(body.error)) return { problem: 'body is not {error: {...}}' };
  const extraTop = Object.keys(body).filter((key) => key !== 'error');
  const extraError = Object.keys(body.error).filter((key) => !['code', 'message', 'txId'].includes(key));
  if (extraTop.length > 0 || extraError.length > 0) {
    return { problem: `unexpected fields ${[...extraTop, ...extraError.map((key) => `error.${key}`)].join(', ')}` };
  }
  const { code, message, txId } = body.error;
  if (typeof code !== 'string' || code === '') return { problem: 'error.code is not a non-empty string' };
  if (typeof message !== 'string') return { problem: 'error.message is not a string' };
  if (txId !== undefined && typeof txId !== 'string') return { problem: 'error.txId is not a string' };
  return { code };
}

function codeOf(reply: Reply): string | undefined {
  const shape = errorShape(reply);
  return 'code' in shape ? shape.code : undefined;
}

/**
 * The findings for one answer. `operation` is undefined for a request sent with a method the route does not
 * have (only the error oracles apply then).
 */
export function checkReply(operation: Operation | undefined, reply: Reply, table: ErrorTable): Finding[] {
  const findings: Finding[] = [];
  const { status } = reply;
  if (status >= 500) {
    const code = codeOf(reply);
    findings.push({ kind: 'server-error', detail: `answered ${status}${code === undefined ? '' : ` ${code}`}`, code });
  }
  if (status >= 400 && status < 500) {
    const shape = errorShape(reply);
    if ('problem' in shape) {
      findings.push({ kind: 'error-shape', detail: shape.problem });
    } else {
      const statuses = table.get(shape.code);
      if (statuses === undefined) {
        findings.push({
          kind: 'unknown-code',
          detail: `${status} ${shape.code} is not in the error table`,
          code: shape.code,
        });
      } else if (!statuses.has(status)) {
        findings.push({
          kind: 'code-status',
          detail: `${shape.code} answered ${status}, the table says ${[...statuses].join('/')}`,
          code: shape.code,
        });
      }
    }
  }
  if (operation !== undefined) {
    const declared = operation.responses.get(status);
    if (declared === undefined) {
      // A 5xx is already a server-error finding; saying it is undeclared too would count it twice.
      if (status >= 500) return findings;
      findings.push({
        kind: 'undeclared-status',
        detail: `${status} is not declared for ${operation.key}`,
        code: codeOf(reply),
      });
    } else if (status >= 200 && status < 300) {
      const type = mediaType(reply.contentType);
      if (type === '' ? declared.length > 0 : !declared.includes(type)) {
        findings.push({
          kind: 'content-type',
          detail: `${status} answered ${type === '' ? '(no content type)' : type}; declared: ${declared.join(', ') || '(no body)'}`,
        });
      }
    }
  }
  return findings;
}

/** What a rejected request must not change: the ledger height and every account's status and balance. */
export interface Snapshot {
  readonly height: number;
  /** Account ID → canonical JSON of its status and balance (lines, totals). */
  readonly accounts: Readonly<Record<string, string>>;
}

/** Each difference between two snapshots, in words; empty when nothing changed. */
export function diffSnapshots(before: Snapshot, after: Snapshot): string[] {
  const differences: string[] = [];
  if (before.height !== after.height) differences.push(`ledger height ${before.height} → ${after.height}`);
  const ids = [...new Set([...Object.keys(before.accounts), ...Object.keys(after.accounts)])].sort();
  for (const id of ids) {
    const was = before.accounts[id];
    const now = after.accounts[id];
    if (was === undefined) differences.push(`account ${id} appeared`);
    else if (now === undefined) differences.push(`account ${id} disappeared`);
    else if (was !== now) differences.push(`account ${id}: ${was} → ${now}`);
  }
  return differences;
}
