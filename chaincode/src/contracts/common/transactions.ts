import { Context, Contract, Param, Returns, Transaction } from 'fabric-contract-api';
import type { z } from 'zod';
import { TRANSACTION_INPUT_SCHEMAS } from '../../domain';
import { WorldState } from './state';
import { parseInput, result } from './tx';
import { writeTransaction, type WriteSpec } from './write';

/** One transaction of a contract: how clients call it and what it runs. */
export interface ContractTransaction {
  /** `submit`: endorsed, ordered and committed; `evaluate`: a read answered by one peer, never ordered. */
  readonly kind: 'submit' | 'evaluate';
  /** Whether it takes an argument: one JSON string. */
  readonly takesJson: boolean;
  /** The transaction itself; its answer is what the client receives. */
  readonly run: (ctx: Context, json: string) => Promise<string>;
  /** The schema its argument is parsed with; none when it takes no argument. */
  readonly schema?: z.ZodType;
}

/** A transaction that parses its argument with `S`. */
type WithSchema<S extends z.ZodType> = ContractTransaction & { readonly schema: S };

type InputSchemas = typeof TRANSACTION_INPUT_SCHEMAS;

/**
 * The entries a contract's table must have: one per transaction of `TRANSACTION_INPUT_SCHEMAS` in its namespace,
 * taking exactly that schema (the one the gateway validates with), so the pairing of name and schema has one home.
 */
export type InputTable<C extends string> = {
  readonly [N in keyof InputSchemas as N extends `${C}:${infer T}` ? T : never]: WithSchema<InputSchemas[N]>;
};

/** A contract's transactions by name (the name clients call, `<contract>:<name>`), in the order of its metadata. */
export type TransactionTable = Readonly<Record<string, ContractTransaction>>;

/** What a transaction body that is not a write's steps reads or changes; its value is returned as canonical JSON. */
type Body<I> = (ws: WorldState, input: I, ctx: Context) => Promise<unknown>;

/** A write transaction with the steps of `writeTransaction`, its argument parsed with `schema`. */
export function write<S extends z.ZodType, T>(schema: S, spec: WriteSpec<z.output<S>, T>): WithSchema<S> {
  return { kind: 'submit', takesJson: true, schema, run: (ctx, json) => writeTransaction(ctx, json, schema, spec) };
}

/** A submitted transaction that runs its own steps (the bootstrap): parses its argument, runs `body`. */
export function submit<S extends z.ZodType>(schema: S, body: Body<z.output<S>>): WithSchema<S> {
  return { kind: 'submit', takesJson: true, schema, run: withInput(schema, body) };
}

/** A read transaction: parses its one JSON argument with `schema`, reads world state, answers canonical JSON. */
export function read<S extends z.ZodType>(schema: S, body: Body<z.output<S>>): WithSchema<S> {
  return { kind: 'evaluate', takesJson: true, schema, run: withInput(schema, body) };
}

/** A read transaction that takes no argument. */
export function readWithoutInput(body: (ws: WorldState, ctx: Context) => Promise<unknown>): ContractTransaction {
  return { kind: 'evaluate', takesJson: false, run: async (ctx) => result(await body(new WorldState(ctx), ctx)) };
}

function withInput<S extends z.ZodType>(schema: S, body: Body<z.output<S>>): ContractTransaction['run'] {
  return async (ctx, json) => {
    const input = parseInput(schema, json);
    return result(await body(new WorldState(ctx), input, ctx));
  };
}

/**
 * Declares `name` on `prototype` with the metadata fabric-contract-api's decorators give a method
 * `@Transaction(submit) @Returns('string') X(ctx: Context, json: string)`: the same tags, parameter and return type,
 * in the same order, so the chaincode's metadata (what clients and fabric-shim read) is what decorated methods gave.
 */
function declare(prototype: Contract, name: string, transaction: ContractTransaction): void {
  Object.defineProperty(prototype, name, { value: transaction.run, writable: true, configurable: true });
  // As TypeScript applies decorators: the lower one, @Returns, first. @Transaction finds no `design:paramtypes` (only
  // a decorated method declaration has them), so the one `json` parameter is declared with @Param: the same entry.
  Returns('string')(prototype, name);
  Transaction(transaction.kind === 'submit')(prototype, name);
  if (transaction.takesJson) {
    Param('json', 'string')(prototype, name);
  }
}

/**
 * Throws unless every transaction of `TRANSACTION_INPUT_SCHEMAS` in namespace `name` is in `transactions` with
 * exactly that schema: `InputTable` says the same to the compiler, this says it where types cannot reach.
 */
function assertInputSchemas(name: string, transactions: TransactionTable): void {
  const prefix = `${name}:`;
  for (const [fullName, schema] of Object.entries(TRANSACTION_INPUT_SCHEMAS)) {
    if (fullName.startsWith(prefix) && transactions[fullName.slice(prefix.length)]?.schema !== schema) {
      throw new Error(`${fullName} must parse its argument with TRANSACTION_INPUT_SCHEMAS['${fullName}']`);
    }
  }
}

/**
 * The base class of a contract named `name` (its namespace: `<name>:<Transaction>`) whose transactions are
 * `transactions`, each a method of the same name.
 */
export function contractOf<C extends string>(
  name: C,
  transactions: TransactionTable & InputTable<C>,
): new () => Contract {
  assertInputSchemas(name, transactions);
  const TableContract = class extends Contract {
    constructor() {
      super(name);
    }
  };
  for (const [transactionName, transaction] of Object.entries(transactions)) {
    declare(TableContract.prototype, transactionName, transaction);
  }
  return TableContract;
}
