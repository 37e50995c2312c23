import { TRANSACTION_INPUT_SCHEMAS, describeIssues } from '@ncr/chaincode/domain';
import type { z } from 'zod';
import { ValidationError } from '../errors';
import type { IdentityRef } from '../identity/credentials';
import type { Committed, Ledger } from './ledger';

type Schemas = typeof TRANSACTION_INPUT_SCHEMAS;
/** `<contract>:<Transaction>` of every registry transaction that takes an argument. */
export type TxName = keyof Schemas;
export type TxInput<N extends TxName> = z.input<Schemas[N]>;
/** Transactions that take no argument. */
export type NoArgTxName = 'registry:GetSettings' | 'accounts:WhoAmI';

function split(name: string): [string, string] {
  const [contract = '', transaction = ''] = name.split(':');
  return [contract, transaction];
}

/**
 * The typed facade the routes use: transactions by their shared name (`credits:Transfer`), inputs typed and
 * validated with the chaincode's own zod schemas before anything reaches Fabric (400 on invalid input).
 */
export class RegistryClient {
  readonly #ledger: Ledger;

  constructor(ledger: Ledger) {
    this.#ledger = ledger;
  }

  static parse<N extends TxName>(name: N, input: unknown): z.output<Schemas[N]> {
    const parsed = TRANSACTION_INPUT_SCHEMAS[name].safeParse(input);
    if (!parsed.success) throw new ValidationError(describeIssues(parsed.error, 'body'));
    return parsed.data as z.output<Schemas[N]>;
  }

  evaluate<N extends TxName>(actor: IdentityRef, name: N, input: TxInput<N>): Promise<unknown> {
    return this.evaluateUntyped(actor, name, input);
  }

  submit<N extends TxName>(actor: IdentityRef, name: N, input: TxInput<N>): Promise<Committed> {
    return this.submitUntyped(actor, name, input);
  }

  /**
   * {@link evaluate} with an input not typed at compile time (a request's path, query and body fields): parsed
   * here with the transaction's schema, as every input is, once.
   */
  evaluateUntyped(actor: IdentityRef, name: TxName, input: unknown): Promise<unknown> {
    const [contract, transaction] = split(name);
    return this.#ledger.evaluate(actor, contract, transaction, RegistryClient.parse(name, input));
  }

  /** {@link submit} with an input not typed at compile time, parsed here as in {@link evaluateUntyped}. */
  submitUntyped(actor: IdentityRef, name: TxName, input: unknown): Promise<Committed> {
    const [contract, transaction] = split(name);
    return this.#ledger.submit(actor, contract, transaction, RegistryClient.parse(name, input));
  }

  query(actor: IdentityRef, name: NoArgTxName): Promise<unknown> {
    const [contract, transaction] = split(name);
    return this.#ledger.evaluate(actor, contract, transaction);
  }
}
