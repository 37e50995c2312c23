import {
  type ActorRef,
  type CreditBlock,
  EVENTS,
  type RetirementPurpose,
  allocateSerials,
  deriveBlockId,
  planAction,
  retirementCovered,
  withRange,
} from '@ncr/chaincode/domain';
import type { CommittedBlock, CommittedTransaction, ReadModelStore } from '@ncr/gateway-api';
import { actorOf, random, type Registry, registryOf, sha256, transaction } from './aef-synthetic-registry';

/**
 * A synthetic action log for timing the AEF at a size the live ledger cannot reach in a bench run (about 35
 * transactions per second on two cores): issuances, transfers, retirements and cancellations on the registry's own
 * settings, accounts and AUTHORISED projects, fed block by block to the read model's own projection
 * (`ReadModelStore.applyBlock`), which parses every event payload with the chaincode's event schemas and every
 * written block with its record schema. Blocks are split with the chaincode's rule (`planAction`, `withRange`), so
 * the AEF replay accepts the log only if it adds up. The data is synthetic; nothing here reaches the ledger.
 */

/** Transactions per synthetic ledger block. */
const TX_PER_BLOCK = 100;
/** Credits of each synthetic issuance: partial actions split it many times. */
const ISSUED = 1_000_000;

type Kind = 'ISSUANCE' | 'TRANSFER' | 'RETIREMENT' | 'CANCELLATION';
/**
 * The share of each AEF action kind (one Table 3 row each, two when it is also an OIMP first transfer). Transfers
 * between holders in this registry add no Table 3 row: one comes after every TRANSFER_EVERY of those.
 */
const MIX: readonly (readonly [Kind, number])[] = [
  ['ISSUANCE', 0.25],
  ['RETIREMENT', 0.55],
  ['CANCELLATION', 0.2],
];
const TRANSFER_EVERY = 10;

export interface SyntheticLog {
  /** Credit actions added, by kind. */
  readonly byKind: Readonly<Record<Kind, number>>;
  readonly blockHeight: number;
  /** Calendar year of the synthetic actions (the year to report). */
  readonly year: number;
  readonly seconds: number;
}

/** Builds the synthetic log, one transaction at a time, keeping the blocks still held. */
class Generator {
  readonly #registry: Registry;
  readonly #next: () => number;
  readonly #held: CreditBlock[] = [];
  #lastSerial: number;
  readonly byKind: Record<Kind, number> = { ISSUANCE: 0, TRANSFER: 0, RETIREMENT: 0, CANCELLATION: 0 };

  constructor(registry: Registry, lastSerial: number, seed: number) {
    this.#registry = registry;
    this.#lastSerial = lastSerial;
    this.#next = random(seed);
  }

  #pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.#next() * items.length)];
    if (item === undefined) throw new Error('nothing to pick from');
    return item;
  }

  #kind(seq: number): Kind {
    if (this.#held.length === 0) return 'ISSUANCE';
    if (seq % (TRANSFER_EVERY + 1) === TRANSFER_EVERY) return 'TRANSFER';
    let roll = this.#next();
    for (const [kind, share] of MIX) {
      roll -= share;
      if (roll < 0) return kind;
    }
    return 'RETIREMENT';
  }

  /** The transaction of action `seq`, at `at`, in position `index` of its block. */
  action(seq: number, index: number, at: string): CommittedTransaction {
    const kind = this.#kind(seq);
    this.byKind[kind]++;
    const txId = sha256(`aef-synthetic ${seq}`);
    return kind === 'ISSUANCE' ? this.#issue(index, txId, at) : this.#move(kind, index, txId, at);
  }

  #issue(index: number, txId: string, at: string): CommittedTransaction {
    const { settings } = this.#registry;
    const project = this.#pick(this.#registry.projects);
    const authorisation = project.authorisation;
    if (authorisation === undefined) throw new Error(`project ${project.id} has no authorisation`);
    const { range, lastSerial } = allocateSerials(this.#lastSerial, ISSUED);
    this.#lastSerial = lastSerial;
    const vintage = Number(at.slice(0, 4)) - Math.floor(this.#next() * 3);
    const blockId = deriveBlockId(txId, 0);
    const reportId = `MR-BENCH-${txId.slice(0, 12).toUpperCase()}`;
    const { authorisationId, purposes, firstTransferDefinition, cooperativeApproachId } = authorisation;
    const issued: CreditBlock = {
      id: blockId,
      projectId: project.id,
      issuanceReportId: reportId,
      vintage,
      ...range,
      ownerAccountId: project.developerAccountId,
      status: 'HELD',
      frozen: false,
      serialNumber: '',
      authorisation: { authorisationId, purposes, firstTransferDefinition, cooperativeApproachId },
      createdAt: at,
      createdTxId: txId,
      updatedAt: at,
      updatedTxId: txId,
    };
    const block = withRange(issued, range, settings);
    this.#held.push(block);
    const { serialStart, serialEnd, quantity, serialNumber, itmo } = block;
    return transaction(index, txId, at, [block], {
      name: EVENTS.CREDITS_ISSUED,
      payload: {
        ...{ reportId, projectId: project.id, blockId, ownerAccountId: block.ownerAccountId, vintage },
        ...{ quantity, serialStart, serialEnd, serialNumber, itmo, by: this.#registry.government, txId },
      },
    });
  }

  /** A transfer, retirement or cancellation of part (usually) or all of a held block. */
  #move(kind: Exclude<Kind, 'ISSUANCE'>, index: number, txId: string, at: string): CommittedTransaction {
    const slot = Math.floor(this.#next() * this.#held.length);
    const source = this.#held[slot];
    if (source === undefined) throw new Error('no held block');
    const whole = source.quantity <= 1000 || this.#next() < 0.05;
    const plan = planAction(source, whole ? source.quantity : 1 + Math.floor(this.#next() * 1000));
    const owner = actorOf(this.#registry, source.ownerAccountId);
    const by = kind === 'CANCELLATION' ? this.#registry.government : owner;
    const stamp = { updatedAt: at, updatedTxId: txId };
    const change = this.#change(kind, source, { by, at, txId });
    const kept = plan.kind === 'split' ? withRange({ ...source, ...stamp }, plan.kept, this.#registry.settings) : null;
    const moved: CreditBlock =
      kept === null
        ? { ...source, ...stamp, ...change.record }
        : {
            ...withRange(
              { ...source, ...stamp, id: deriveBlockId(txId, 0), parentBlockId: source.id },
              plan.moved,
              this.#registry.settings,
            ),
            createdAt: at,
            createdTxId: txId,
            ...change.record,
          };
    this.#hold(slot, kept, kind === 'TRANSFER' ? moved : null);
    const { projectId, vintage, quantity, serialStart, serialEnd, serialNumber } = moved;
    const remaining =
      kept === null ? undefined : { quantity: kept.quantity, serialStart: kept.serialStart, serialEnd: kept.serialEnd };
    return transaction(index, txId, at, kept === null ? [moved] : [kept, moved], {
      name: change.event,
      payload: {
        ...{ blockId: moved.id, sourceBlockId: source.id, split: kept !== null, projectId, vintage, quantity },
        ...{ serialStart, serialEnd, serialNumber, remaining, ...change.fields, by, txId },
      },
    });
  }

  /** What the action changes in the moved credits, the event it emits and the event's own fields. */
  #change(
    kind: Exclude<Kind, 'ISSUANCE'>,
    source: CreditBlock,
    acted: { readonly by: ActorRef; readonly at: string; readonly txId: string },
  ): { record: Partial<CreditBlock>; event: string; fields: Record<string, string> } {
    const ownerAccountId = source.ownerAccountId;
    if (kind === 'TRANSFER') {
      const others = this.#registry.developers.filter((a) => a.id !== ownerAccountId);
      const toAccountId = this.#pick(others).id;
      return {
        record: { ownerAccountId: toAccountId },
        event: EVENTS.CREDITS_TRANSFERRED,
        fields: { fromAccountId: ownerAccountId, toAccountId },
      };
    }
    if (kind === 'CANCELLATION') {
      const reason = 'synthetic bench cancellation';
      const cancellation = { reason, ...acted };
      return {
        record: { status: 'CANCELLED', cancellation },
        event: EVENTS.CREDITS_CANCELLED,
        fields: { ownerAccountId, reason },
      };
    }
    const purposes: RetirementPurpose[] = ['NDC', 'OIMP', 'VOLUNTARY'];
    const purpose = this.#pick(purposes.filter((p) => retirementCovered(source.authorisation.purposes, p)));
    const beneficiary = 'Synthetic beneficiary';
    const retirement = { beneficiary, purpose, ...acted };
    return {
      record: { status: 'RETIRED', retirement },
      event: EVENTS.CREDITS_RETIRED,
      fields: { ownerAccountId, beneficiary, purpose },
    };
  }

  /** Slot `slot` now holds the kept part (or nothing); a transferred part is held too. */
  #hold(slot: number, kept: CreditBlock | null, transferred: CreditBlock | null): void {
    const last = this.#held.pop();
    if (last === undefined) return;
    if (slot < this.#held.length) this.#held[slot] = last;
    if (kept !== null) this.#held.push(kept);
    if (transferred !== null) this.#held.push(transferred);
  }
}

/**
 * Appends `aefActions` synthetic AEF actions and a tenth as many transfers between holders to `store` (a copy of the
 * live read model, never the live one), after its last block, dated one millisecond apart from its last
 * transaction; returns what was added.
 */
export function appendSyntheticActions(
  store: ReadModelStore,
  aefActions: number,
  progress: (line: string) => void,
): SyntheticLog {
  const started = performance.now();
  const registry = registryOf(store);
  const lastSerial = store.creditBlocks().reduce((max, b) => Math.max(max, b.serialEnd), 0);
  const generator = new Generator(registry, lastSerial, aefActions);
  const count = aefActions + Math.floor(aefActions / TRANSFER_EVERY);
  const status = store.status();
  let previousHash = status.lastBlockHash ?? '';
  let number = status.blockHeight;
  const from = Date.parse(status.lastTransactionAt ?? new Date().toISOString()) + 1;
  for (let seq = 0; seq < count; number++) {
    const transactions: CommittedTransaction[] = [];
    for (let index = 0; index < TX_PER_BLOCK && seq < count; index++, seq++) {
      transactions.push(generator.action(seq, index, new Date(from + seq).toISOString()));
    }
    const hash = sha256(`aef-synthetic block ${number}`);
    const block: CommittedBlock = { number, hash, previousHash, transactions };
    store.applyBlock(block);
    previousHash = hash;
    if (number % 100 === 0) progress(`aef: synthetic read model at ${seq}/${count} actions`);
  }
  return {
    byKind: generator.byKind,
    blockHeight: number,
    year: new Date(from).getUTCFullYear(),
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
