import type { Context } from 'fabric-contract-api';
import type { z } from 'zod';
import {
  canonicalBytes,
  canonicalJson,
  describeIssues,
  eventPayloadSchema,
  invalidState,
  isoFromTimestamp,
  validation,
  type ActorRef,
  type EventName,
  type EventPayload,
} from '../../domain';

export interface TxInfo {
  readonly txId: string;
  /** ISO-8601 instant of the transaction timestamp: the only clock the chaincode knows. */
  readonly at: string;
  readonly year: number;
}

function isLongLike(value: unknown): value is { toNumber(): number } {
  return typeof value === 'object' && value !== null && 'toNumber' in value && typeof value.toNumber === 'function';
}

/** Seconds of a protobuf timestamp: a Long from getTxTimestamp, a number in history entries. */
function seconds(value: unknown): number {
  if (typeof value === 'number') {
    return value;
  }
  if (isLongLike(value)) {
    return value.toNumber();
  }
  throw new TypeError('unreadable timestamp');
}

export function timestampToIso(timestamp: { readonly seconds: unknown; readonly nanos: number }): string {
  return isoFromTimestamp(seconds(timestamp.seconds), timestamp.nanos);
}

export function txInfo(ctx: Context): TxInfo {
  const at = timestampToIso(ctx.stub.getTxTimestamp());
  return { txId: ctx.stub.getTxID(), at, year: Number.parseInt(at.slice(0, 4), 10) };
}

/**
 * The transaction timestamp is chosen by the client that signs the proposal (Fabric checks it against no clock), and it
 * decides vintages, periods and AEF years. So a transaction may never be dated before an instant the ledger already
 * records for the asset it changes (`updatedAt`, `changedAt`...): fails with INVALID_STATE otherwise.
 * Instants are `toISOString()` strings, so they compare as text.
 */
export function assertNotBefore(tx: TxInfo, asset: string, ...recorded: (string | undefined)[]): void {
  const latest = recorded.reduce<string | undefined>(
    (max, at) => (at !== undefined && (max === undefined || at > max) ? at : max),
    undefined,
  );
  if (latest !== undefined && tx.at < latest) {
    throw invalidState(`transaction time ${tx.at} is before ${asset}'s last change at ${latest}`);
  }
}

/**
 * Parses the single JSON argument of a transaction with its zod schema; any failure is a VALIDATION error
 * listing every issue, so a client can fix all of them at once.
 */
export function parseInput<S extends z.ZodType>(schema: S, json: string | undefined): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(json === undefined || json === '' ? '{}' : json);
  } catch {
    throw validation('argument is not valid JSON');
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw validation(describeIssues(result.error));
  }
  return result.data;
}

/**
 * Emits the transaction's one event, payload in canonical JSON. The payload must be the event's own
 * (`EVENT_PAYLOAD_SCHEMAS`): its type is checked when compiling, its exact fields before it is set.
 */
export function emit<E extends EventName>(ctx: Context, name: E, payload: EventPayload<E>): void {
  setCheckedEvent(ctx, name, payload);
}

/** An actor's event without what `emitActed` adds: who acted (`by`), in which transaction (`txId`). */
export type ActedFields<E extends EventName> = E extends EventName ? Omit<EventPayload<E>, 'by' | 'txId'> : never;

/** Emits the one event of an actor's transaction: its own fields, then who acted, in which transaction. */
export function emitActed<E extends EventName>(
  ctx: Context,
  name: E,
  fields: ActedFields<E>,
  actor: { readonly ref: ActorRef },
  tx: TxInfo,
): void {
  setCheckedEvent(ctx, name, { ...fields, by: actor.ref, txId: tx.txId });
}

/** The payload is checked against the event's schema here, whatever its static type. */
function setCheckedEvent(ctx: Context, name: EventName, payload: unknown): void {
  const checked = eventPayloadSchema(name).safeParse(payload);
  if (!checked.success) {
    throw new TypeError(`event ${name}: payload does not match its schema: ${describeIssues(checked.error)}`);
  }
  ctx.stub.setEvent(name, canonicalBytes(payload));
}

/** Who did what a record keeps, when, in which transaction. */
export function recorded(actor: { readonly ref: ActorRef }, tx: TxInfo): { by: ActorRef; at: string; txId: string } {
  return { by: actor.ref, at: tx.at, txId: tx.txId };
}

/** The stamp of a record's last change: this transaction. */
export function updated(tx: TxInfo): { updatedAt: string; updatedTxId: string } {
  return { updatedAt: tx.at, updatedTxId: tx.txId };
}

/** Every transaction returns canonical JSON. */
export function result(value: unknown): string {
  return canonicalJson(value);
}
