import { isoFromTimestamp } from '@ncr/chaincode/domain';
import { ID, World } from '@ncr/chaincode/test-support';
import { parseValue } from '../../src/fabric/blocks';
import type { CommittedBlock, CommittedTransaction } from '../../src/read-model/decode';
import type { Evaluate } from '../../src/read-model/reconcile';

type TxOutcome = Awaited<ReturnType<World['tx']>>;

/**
 * The read model's projection and reconcile without a network: real chaincode transactions run on the fake ledger
 * of the chaincode's unit tests, each committed transaction handed to the read model as a block of its own, and
 * reconcile reads "the ledger" through the same chaincode's query transactions.
 */
export class Recorder {
  readonly world = new World();
  readonly blocks: CommittedBlock[] = [];

  /** Records every transaction the world runs from now on as a committed block. */
  constructor() {
    const invoke = this.world.ledger.invoke.bind(this.world.ledger);
    this.world.ledger.invoke = async (...args: Parameters<typeof invoke>): Promise<TxOutcome> => {
      const outcome = await invoke(...args);
      if (outcome.error === undefined && (outcome.writes.size > 0 || outcome.events.length > 0)) {
        this.blocks.push(this.#block(outcome, this.world.ledger.clock));
      }
      return outcome;
    };
  }

  #block(outcome: TxOutcome, seconds: number): CommittedBlock {
    const number = this.blocks.length;
    const event = outcome.events[0];
    const transaction: CommittedTransaction = {
      index: 0,
      txId: outcome.txId,
      at: isoFromTimestamp(seconds, 0),
      validationCode: 'VALID',
      chaincode: 'registry',
      writes: [...outcome.writes].map(([key, value]) =>
        value === null
          ? { namespace: 'registry', key, isDelete: true }
          : { namespace: 'registry', key, isDelete: false, value: parseValue(Buffer.from(value)) },
      ),
      event:
        event === undefined
          ? undefined
          : {
              name: event.name,
              payload: JSON.parse(Buffer.from(event.payload).toString('utf8')) as Record<string, unknown>,
            },
    };
    return {
      number,
      hash: `h${number}`,
      previousHash: number === 0 ? '' : `h${number - 1}`,
      transactions: [transaction],
    };
  }

  /** Chaincode queries as the government admin: what reconcile compares the read model with. */
  readonly evaluate: Evaluate = async (name, arg) => {
    const [contract = '', method = ''] = name.split(':');
    return this.world.ok(ID.govAdmin, contract as Parameters<World['ok']>[1], method, arg);
  };
}
