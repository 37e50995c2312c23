import { createHash } from 'node:crypto';
import {
  type Account,
  type ActorRef,
  type CreditBlock,
  CreditBlockSchema,
  MSP_BY_ACCOUNT_TYPE,
  OBJECT,
  type Project,
  type Settings,
  canonicalJson,
  compositeKey,
} from '@ncr/chaincode/domain';
import type { CommittedTransaction, ReadModelStore } from '@ncr/gateway-api';
import { z } from 'zod';

/** What the synthetic AEF log (aef-synthetic.ts) is made of: the live registry's records, and committed transactions. */

const JsonObjectSchema = z.record(z.string(), z.unknown());

/** The registry records the synthetic actions are made on, read from the copied read model. */
export interface Registry {
  readonly settings: Settings;
  readonly projects: readonly Project[];
  readonly developers: readonly Account[];
  readonly actors: ReadonlyMap<string, ActorRef>;
  readonly government: ActorRef;
}

/** A deterministic pseudo-random sequence in [0, 1) (mulberry32), so two runs make the same log. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export function registryOf(store: ReadModelStore): Registry {
  const settings = store.settings();
  if (settings === undefined) throw new Error('the read model has no registry settings yet');
  const projects = store.projects().filter((p) => p.status === 'AUTHORISED' && p.authorisation !== undefined);
  const accounts = store.accounts().filter((a) => a.status === 'ACTIVE');
  const developers = accounts.filter((a) => a.type === 'DEVELOPER');
  if (projects.length === 0 || developers.length < 2) {
    throw new Error('the read model needs an AUTHORISED project and two active developer accounts');
  }
  const actors = new Map<string, ActorRef>();
  const identities = store.identities();
  for (const account of accounts) {
    const bound = identities.find((i) => i.accountId === account.id && i.status === 'ACTIVE');
    const mspId = bound?.mspId ?? MSP_BY_ACCOUNT_TYPE[account.type];
    actors.set(account.id, { accountId: account.id, mspId, enrollmentId: bound?.enrollmentId ?? 'bench' });
  }
  const government = actors.get(settings.authorityAccountId);
  if (government === undefined) throw new Error(`authority account ${settings.authorityAccountId} is not active`);
  return { settings, projects, developers, actors, government };
}

export const actorOf = (registry: Registry, accountId: string): ActorRef =>
  registry.actors.get(accountId) ?? { accountId, mspId: MSP_BY_ACCOUNT_TYPE.DEVELOPER, enrollmentId: 'bench' };

/** A value as the peer hands it on: the chaincode's canonical JSON bytes, parsed. */
const asCommitted = (value: unknown): Record<string, unknown> =>
  JsonObjectSchema.parse(JSON.parse(canonicalJson(value)));

/** One synthetic transaction: the records it writes and its event, as a committed transaction. */
export function transaction(
  index: number,
  txId: string,
  at: string,
  written: readonly CreditBlock[],
  event: { readonly name: string; readonly payload: Record<string, unknown> },
): CommittedTransaction {
  return {
    index,
    txId,
    at,
    validationCode: 'VALID',
    chaincode: 'registry',
    writes: written.map((block) => ({
      namespace: 'registry',
      key: compositeKey(OBJECT.block, [block.id]),
      isDelete: false,
      value: asCommitted(CreditBlockSchema.parse(block)),
    })),
    event: { name: event.name, payload: asCommitted(event.payload) },
  };
}
