import { ChaincodeStub } from 'fabric-shim';
import sinon from 'sinon';

/**
 * An in-memory world state for measuring chaincode reads outside Fabric: a map of values and its keys in Fabric's
 * order, behind a `ChaincodeStub` double (`stubOf`) that implements the reads the integrity audit makes: getState, getStateByRange, getStateByPartialCompositeKey(WithPagination). Every key read
 * (a getState, or an entry an iterator hands out) is counted.
 */
export class MemoryLedger {
  readonly #values = new Map<string, Uint8Array>();
  #keys: string[] = [];
  /** Keys read since the last `takeReads`. */
  #reads = 0;

  set(key: string, value: Uint8Array): void {
    this.#values.set(key, value);
  }

  get size(): number {
    return this.#values.size;
  }

  /**
   * Orders the keys once all are set. JavaScript's default sort compares UTF-16 code units, which is Fabric's UTF-8
   * byte order for keys without characters beyond U+FFFF, as all registry keys are.
   */
  seal(): void {
    this.#keys = [...this.#values.keys()].sort();
  }

  takeReads(): number {
    const reads = this.#reads;
    this.#reads = 0;
    return reads;
  }

  read(key: string): Uint8Array {
    this.#reads++;
    return this.#values.get(key) ?? new Uint8Array(0);
  }

  /** Index of the first key >= `key`. */
  #lowerBound(key: string): number {
    let low = 0;
    let high = this.#keys.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.#keys[mid] ?? '') < key) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** An iterator over the keys in [from, to) as fabric-shim hands them out, counting each entry it yields. */
  iterator(from: string, to: string, limit = Infinity): LedgerIterator {
    let index = this.#lowerBound(from);
    let yielded = 0;
    return {
      next: () => {
        const key = this.#keys[index];
        if (key === undefined || key >= to || yielded >= limit) return Promise.resolve({ done: true });
        index++;
        yielded++;
        this.#reads++;
        return Promise.resolve({ value: { key, value: this.#values.get(key) ?? new Uint8Array(0) }, done: false });
      },
      close: () => Promise.resolve(),
    };
  }

  /** The key `count` places after the first key >= `from`, if below `to` (a paginated query's next bookmark). */
  keyAfter(from: string, to: string, count: number): string | undefined {
    const key = this.#keys[this.#lowerBound(from) + count];
    return key !== undefined && key < to ? key : undefined;
  }
}

interface LedgerIterator {
  next(): Promise<{ value?: { key: string; value: Uint8Array }; done: boolean }>;
  close(): Promise<void>;
}

/** Bounds a partial composite key's range: every key under `prefix` sorts below `prefix + U+10FFFF`. */
const MAX_RUNE = '\u{10FFFF}';

/**
 * Defines `name` on the stub as a plain function, typed by the real method: a sinon fake records every call, which
 * for the millions of reads of one walk would measure sinon rather than the chaincode.
 */
function define<K extends keyof ChaincodeStub>(stub: ChaincodeStub, name: K, fn: ChaincodeStub[K]): void {
  Object.defineProperty(stub, name, { value: fn, configurable: true, writable: true });
}

/** A `ChaincodeStub` (a sinon stub instance, as the chaincode unit tests make) reading `ledger`. */
export function stubOf(ledger: MemoryLedger, sandbox: sinon.SinonSandbox): ChaincodeStub {
  const stub = sandbox.createStubInstance(ChaincodeStub);
  const compositeKey = (type: string, attrs: string[]): string =>
    ChaincodeStub.prototype.createCompositeKey.call(stub, type, attrs);
  define(stub, 'createCompositeKey', compositeKey);
  define(stub, 'splitCompositeKey', (key: string) => ChaincodeStub.prototype.splitCompositeKey.call(stub, key));
  define(stub, 'getState', (key: string) => Promise.resolve(ledger.read(key)));
  // fabric-shim's iterator types are classes bound to a peer connection: the double hands out plain iterators.
  define(stub, 'getStateByRange', ((from: string, to: string) =>
    Promise.resolve(ledger.iterator(from, to))) as unknown as ChaincodeStub['getStateByRange']);
  define(stub, 'getStateByPartialCompositeKey', ((type: string, attrs: string[]) => {
    const prefix = compositeKey(type, attrs);
    return Promise.resolve(ledger.iterator(prefix, prefix + MAX_RUNE));
  }) as unknown as ChaincodeStub['getStateByPartialCompositeKey']);
  define(stub, 'getStateByPartialCompositeKeyWithPagination', ((
    type: string,
    attrs: string[],
    pageSize: number,
    bookmark: string,
  ) => {
    const from = bookmark === '' ? compositeKey(type, attrs) : bookmark;
    const to = compositeKey(type, attrs) + MAX_RUNE;
    // Like the peer: the bookmark is the key the next page starts at, '' after the last page.
    const next = ledger.keyAfter(from, to, pageSize) ?? '';
    const iterator = ledger.iterator(from, to, pageSize);
    return Promise.resolve({ iterator, metadata: { fetchedRecordsCount: pageSize, bookmark: next } });
  }) as unknown as ChaincodeStub['getStateByPartialCompositeKeyWithPagination']);
  return stub;
}
