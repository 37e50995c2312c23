import type { Context } from 'fabric-contract-api';
import type { z } from 'zod';
import type { EventName } from '../../domain';
import { requireActor, type Actor, type ActorRule } from './auth';
import { WorldState } from './state';
import { assertNotBefore, emitActed, parseInput, result, txInfo, type ActedFields, type TxInfo } from './tx';

/** The asset a transaction changes, then the instants the ledger records for it, which the transaction may not precede. */
export type Since = readonly [asset: string, ...recorded: (string | undefined)[]];

/** What the steps of a write transaction work with. */
interface Step<I, T> {
  readonly ctx: Context;
  readonly ws: WorldState;
  readonly input: I;
  /** What the transaction's `load` read. */
  readonly record: T;
  readonly actor: Actor;
  readonly tx: TxInfo;
  /** Emits the transaction's one event; who acted and the transaction ID are added. */
  readonly emit: <E extends EventName>(name: E, fields: ActedFields<E>) => void;
}

/** The steps after authorisation and load, in this order. */
interface Steps<I, T> {
  /** Checks of the record and the input that come before the time check. */
  readonly check?: (step: Step<I, T>) => void | Promise<void>;
  /** What the transaction time may not precede (`assertNotBefore`); no time check when omitted. */
  readonly since?: (record: T, input: I) => Since;
  /** The rest: checks that need the time, the writes, the event. Returns what the transaction returns. */
  readonly apply: (step: Step<I, T>) => Promise<unknown>;
}

/** A write whose caller is authorised by a fixed rule before anything is read. */
interface ActorFirst<I, T> extends Steps<I, T> {
  readonly rule: ActorRule;
  readonly load: (ws: WorldState, input: I, actor: Actor) => Promise<T>;
}

/** A write whose rule depends on the record it changes (its owner, its parties). */
interface RecordFirst<I, T> extends Steps<I, T> {
  readonly load: (ws: WorldState, input: I) => Promise<T>;
  readonly rule: (record: T, input: I) => ActorRule;
}

async function runSteps<I, T>(
  ctx: Context,
  ws: WorldState,
  input: I,
  record: T,
  actor: Actor,
  steps: Steps<I, T>,
): Promise<string> {
  const tx = txInfo(ctx);
  const emit = <E extends EventName>(name: E, fields: ActedFields<E>): void => {
    emitActed(ctx, name, fields, actor, tx);
  };
  const step: Step<I, T> = { ctx, ws, input, record, actor, tx, emit };
  await steps.check?.(step);
  if (steps.since !== undefined) {
    assertNotBefore(tx, ...steps.since(record, input));
  }
  return result(await steps.apply(step));
}

/**
 * The skeleton of a write transaction authorised by a fixed rule: parses the JSON argument with `schema`
 * (VALIDATION), authorises the caller (FORBIDDEN), loads what it changes, runs `check`, the time check (`since`) and
 * `apply`, and returns `apply`'s value as canonical JSON.
 */
export async function authoriseThenLoad<S extends z.ZodType, T>(
  ctx: Context,
  json: string,
  schema: S,
  spec: ActorFirst<z.output<S>, T>,
): Promise<string> {
  const input = parseInput(schema, json);
  const ws = new WorldState(ctx);
  const actor = await requireActor(ctx, ws, spec.rule);
  return runSteps(ctx, ws, input, await spec.load(ws, input, actor), actor, spec);
}

/**
 * The skeleton of a write transaction whose rule depends on the record it changes: parses the JSON argument with
 * `schema` (VALIDATION), loads the record (NOT_FOUND), authorises the caller by `rule(record)` (FORBIDDEN), then as
 * `authoriseThenLoad`.
 */
export async function loadThenAuthorise<S extends z.ZodType, T>(
  ctx: Context,
  json: string,
  schema: S,
  spec: RecordFirst<z.output<S>, T>,
): Promise<string> {
  const input = parseInput(schema, json);
  const ws = new WorldState(ctx);
  const record = await spec.load(ws, input);
  const actor = await requireActor(ctx, ws, spec.rule(record, input));
  return runSteps(ctx, ws, input, record, actor, spec);
}

/** `load` of a write that changes no existing record. */
export function nothing(): Promise<undefined> {
  return Promise.resolve(undefined);
}
