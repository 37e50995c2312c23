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
export interface Steps<I, T> {
  /** Checks of the record and the input that come before the time check. */
  readonly check?: (step: Step<I, T>) => void | Promise<void>;
  /** What the transaction time may not precede (`assertNotBefore`); no time check when omitted. */
  readonly since?: (record: T, input: I) => Since;
  /** The rest: checks that need the time, the writes, the event. Returns what the transaction returns. */
  readonly apply: (step: Step<I, T>) => Promise<unknown>;
}

/** A write transaction's own decisions, in the order they run after its argument is parsed. */
export interface WriteSpec<I, T> extends Steps<I, T> {
  /**
   * Who may: a fixed rule is checked before `load`, a rule computed from the record (its owner, its parties) after
   * it. FORBIDDEN otherwise.
   */
  readonly rule: ActorRule | ((record: T, input: I) => ActorRule);
  /** Checks of the caller beyond its rule, right after it is authorised. */
  readonly authorised?: (actor: Actor, input: I) => void;
  /** Reads what the transaction changes (NOT_FOUND when it must exist). */
  readonly load: (ws: WorldState, input: I) => Promise<T>;
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
  const step: Step<I, T> = { ws, input, record, actor, tx, emit };
  await steps.check?.(step);
  if (steps.since !== undefined) {
    assertNotBefore(tx, ...steps.since(record, input));
  }
  return result(await steps.apply(step));
}

/**
 * The skeleton of every write transaction but the bootstrap: parses the JSON argument with `schema` (VALIDATION),
 * authorises the caller and loads what it changes (in the order `rule` says), runs `check`, the time check (`since`)
 * and `apply`, and returns `apply`'s value as canonical JSON.
 */
export async function writeTransaction<S extends z.ZodType, T>(
  ctx: Context,
  json: string,
  schema: S,
  spec: WriteSpec<z.output<S>, T>,
): Promise<string> {
  const input = parseInput(schema, json);
  const ws = new WorldState(ctx);
  const authorise = async (rule: ActorRule): Promise<Actor> => {
    const actor = await requireActor(ctx, ws, rule);
    spec.authorised?.(actor, input);
    return actor;
  };
  const { rule } = spec;
  if (typeof rule === 'function') {
    const record = await spec.load(ws, input);
    return runSteps(ctx, ws, input, record, await authorise(rule(record, input)), spec);
  }
  const actor = await authorise(rule);
  return runSteps(ctx, ws, input, await spec.load(ws, input), actor, spec);
}

/** `load` of a write that changes no existing record. */
export function nothing(): Promise<undefined> {
  return Promise.resolve(undefined);
}
