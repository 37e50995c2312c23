import { createHash } from 'node:crypto';
import { Context } from 'fabric-contract-api';
import { ChaincodeStub, ClientIdentity } from 'fabric-shim';
import sinon from 'sinon';
import { issueCertificate } from './certificates';

type Timestamp = ReturnType<ChaincodeStub['getTxTimestamp']>;

export interface TestIdentity {
  readonly mspId: string;
  readonly cn: string;
  /** NodeOU in the certificate subject: `admin` for organisation admins. */
  readonly ou: 'admin' | 'client';
  /** The PEM certificate to sign with; by default one issued for (mspId, ou, cn). */
  readonly certificate?: string;
}

const certificates = new Map<string, string>();

/** The identity's certificate: its own, or one issued once per (mspId, ou, cn) and reused. */
function certificateOf(identity: TestIdentity): string {
  if (identity.certificate !== undefined) {
    return identity.certificate;
  }
  const id = `${identity.mspId}|${identity.ou}|${identity.cn}`;
  const pem =
    certificates.get(id) ??
    issueCertificate([
      ['C', 'GH'],
      ['O', identity.mspId],
      ['OU', identity.ou],
      ['CN', identity.cn],
    ]);
  certificates.set(id, pem);
  return pem;
}

export interface ChaincodeEvent {
  readonly name: string;
  readonly payload: string;
}

/** What `invokeChaincode` answers: fabric-shim's ChaincodeResponse (status 200 with a payload, or 500 with a message). */
export interface ChaincodeAnswer {
  readonly status: number;
  readonly message: string;
  readonly payload: Uint8Array;
}

export interface TxOutcome {
  readonly txId: string;
  readonly result?: string;
  readonly error?: Error;
  /** Keys written by the transaction (value null = deleted), in write order. */
  readonly writes: Map<string, string | null>;
  /** Key-level endorsement policies set by the transaction (SignaturePolicyEnvelope bytes). */
  readonly validationParameters: Map<string, Uint8Array>;
  readonly events: ChaincodeEvent[];
}

interface HistoryRecord {
  readonly txId: string;
  readonly seconds: number;
  readonly value: Buffer | null;
}

const COMPOSITE_NS = '\u0000';
const MAX_RUNE = '\u{10FFFF}';

function fabricCompare(a: string, b: string): number {
  // Fabric orders keys by UTF-8 bytes
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * An in-memory world state behind a sinon stub of ChaincodeStub, with Fabric's semantics where they matter to
 * chaincode correctness: reads never see the transaction's own writes, writes commit only on success, paginated
 * queries are refused in transactions that write, range queries refuse composite keys, every iterator must be
 * closed, and key history is recorded per committed transaction. Callers are real X.509 certificates, read by
 * fabric-shim's own ClientIdentity as on a peer.
 */
export class FakeLedger {
  readonly state = new Map<string, Buffer>();
  /** Committed key-level endorsement policies (key metadata); deleting a key deletes its policy, as in Fabric. */
  readonly validationParameters = new Map<string, Uint8Array>();
  readonly #history = new Map<string, HistoryRecord[]>();
  #txCount = 0;
  /** Seconds of the next transaction's timestamp; advances by one minute per transaction. */
  clock = Date.UTC(2025, 5, 1) / 1000;
  /** The channel this ledger is, and the MSP of the peer that endorses (`getMspID`) the next transactions. */
  channel = 'ncr';
  peerMspId = 'GovernmentMSP';
  /** Other channels of the same peer, for `invokeChaincode(name, [fn, json], channel)` (reads: nothing commits). */
  readonly otherChannels = new Map<string, (identity: TestIdentity, args: string[]) => Promise<ChaincodeAnswer>>();

  async invoke(identity: TestIdentity, fn: (ctx: Context) => Promise<string>): Promise<TxOutcome> {
    this.#txCount++;
    this.clock += 60;
    const txId = createHash('sha256').update(`tx-${this.#txCount}`).digest('hex');
    const writes = new Map<string, string | null>();
    const validationParameters = new Map<string, Uint8Array>();
    const events: ChaincodeEvent[] = [];
    const openIterators = new Set<object>();
    const used = { paginated: false };
    // a sandbox per transaction, restored at the end: the default sandbox would keep every stub alive
    const sandbox = sinon.createSandbox();
    const stub = sandbox.createStubInstance(ChaincodeStub);
    const seconds = this.clock;
    stub.getTxID.returns(txId);
    stub.getTxTimestamp.returns({ seconds: { toNumber: () => seconds }, nanos: 0 } as unknown as Timestamp);
    stub.createCompositeKey.callsFake((type: string, attrs: string[]) =>
      ChaincodeStub.prototype.createCompositeKey.call(stub, type, attrs),
    );
    stub.splitCompositeKey.callsFake((key: string) => ChaincodeStub.prototype.splitCompositeKey.call(stub, key));
    stub.getState.callsFake((key: string) => Promise.resolve(new Uint8Array(this.state.get(key) ?? Buffer.alloc(0))));
    stub.putState.callsFake((key: string, value: Uint8Array) => {
      if (key === '' || value.length === 0) {
        return Promise.reject(new Error('putState: empty key or value'));
      }
      writes.set(key, Buffer.from(value).toString('utf8'));
      return Promise.resolve();
    });
    stub.deleteState.callsFake((key: string) => {
      writes.set(key, null);
      return Promise.resolve();
    });
    stub.setStateValidationParameter.callsFake((key: string, policy: Uint8Array) => {
      validationParameters.set(key, new Uint8Array(policy));
      return Promise.resolve();
    });
    stub.getStateValidationParameter.callsFake((key: string) =>
      Promise.resolve(this.validationParameters.get(key) ?? new Uint8Array(0)),
    );
    stub.setEvent.callsFake((name: string, payload: Uint8Array) => {
      events.push({ name, payload: Buffer.from(payload).toString('utf8') });
    });
    const iterator = <T>(
      items: T[],
    ): { next: () => Promise<{ value?: T; done: boolean }>; close: () => Promise<void> } => {
      let i = 0;
      const it = {
        next: () => Promise.resolve(i < items.length ? { value: items[i++], done: false } : { done: true }),
        close: () => {
          openIterators.delete(it);
          return Promise.resolve();
        },
      };
      openIterators.add(it);
      return it;
    };
    const kvs = (from: string, to: string): { key: string; value: Buffer }[] =>
      [...this.state.entries()]
        .filter(([k]) => fabricCompare(k, from) >= 0 && fabricCompare(k, to) < 0)
        .sort(([a], [b]) => fabricCompare(a, b))
        .map(([key, value]) => ({ key, value }));
    stub.getStateByPartialCompositeKey.callsFake(((type: string, attrs: string[]) => {
      const prefix = ChaincodeStub.prototype.createCompositeKey.call(stub, type, attrs);
      return Promise.resolve(iterator(kvs(prefix, prefix + MAX_RUNE)));
    }) as unknown as ChaincodeStub['getStateByPartialCompositeKey']);
    stub.getStateByPartialCompositeKeyWithPagination.callsFake(((
      type: string,
      attrs: string[],
      pageSize: number,
      bookmark?: string,
    ) => {
      used.paginated = true;
      const prefix = ChaincodeStub.prototype.createCompositeKey.call(stub, type, attrs);
      const all = kvs(bookmark !== undefined && bookmark !== '' ? bookmark : prefix, prefix + MAX_RUNE);
      const page = all.slice(0, pageSize);
      const next = all[pageSize];
      const bookmarkOut = next === undefined ? '' : next.key;
      // Like fabric-shim: an empty result's metadata is empty protobuf bytes, and the shim then omits `metadata`.
      return Promise.resolve(
        page.length === 0 && bookmarkOut === ''
          ? { iterator: iterator(page) }
          : { iterator: iterator(page), metadata: { fetchedRecordsCount: page.length, bookmark: bookmarkOut } },
      );
    }) as unknown as ChaincodeStub['getStateByPartialCompositeKeyWithPagination']);
    stub.getStateByRange.callsFake(((from: string, to: string) => {
      if (from.startsWith(COMPOSITE_NS) || to.startsWith(COMPOSITE_NS)) {
        return Promise.reject(new Error('range queries refuse composite keys'));
      }
      return Promise.resolve(iterator(kvs(from, to).filter((kv) => !kv.key.startsWith(COMPOSITE_NS))));
    }) as unknown as ChaincodeStub['getStateByRange']);
    stub.getHistoryForKey.callsFake(((key: string) => {
      const records = [...(this.#history.get(key) ?? [])].reverse();
      return Promise.resolve(
        iterator(
          records.map((r) => ({
            txId: r.txId,
            isDelete: r.value === null,
            value: r.value ?? Buffer.alloc(0),
            timestamp: { seconds: r.seconds, nanos: 0 },
          })),
        ),
      );
    }) as unknown as ChaincodeStub['getHistoryForKey']);

    // the real fabric-shim ClientIdentity, reading the creator certificate as it does on a peer
    stub.getChannelID.returns(this.channel);
    stub.getMspID.returns(this.peerMspId);
    stub.invokeChaincode.callsFake((_name: string, args: string[], channel: string) => {
      const other = this.otherChannels.get(channel);
      if (other === undefined) return Promise.reject(new Error(`this peer has not joined channel ${channel}`));
      return other(identity, args);
    });
    stub.getCreator.returns({ mspid: identity.mspId, idBytes: Buffer.from(certificateOf(identity), 'utf8') });
    const ci = new ClientIdentity(stub);

    const ctx = new Context();
    ctx.stub = stub;
    ctx.clientIdentity = ci;
    try {
      const result = await fn(ctx);
      if (used.paginated && writes.size > 0) {
        throw new Error('Fabric refuses paginated queries in a transaction that writes');
      }
      if (openIterators.size > 0) {
        throw new Error(`${openIterators.size} iterator(s) left open`);
      }
      for (const key of validationParameters.keys()) {
        if (writes.get(key) === null || (!writes.has(key) && !this.state.has(key))) {
          throw new Error(`key-level endorsement policy set on ${key}, which does not exist`);
        }
      }
      for (const [key, value] of writes) {
        const bytes = value === null ? null : Buffer.from(value, 'utf8');
        if (bytes === null) {
          this.state.delete(key);
          this.validationParameters.delete(key);
        } else {
          this.state.set(key, bytes);
        }
        const records = this.#history.get(key) ?? [];
        records.push({ txId, seconds, value: bytes });
        this.#history.set(key, records);
      }
      for (const [key, policy] of validationParameters) {
        this.validationParameters.set(key, policy);
      }
      return { txId, result, writes, events, validationParameters };
    } catch (error) {
      return {
        txId,
        error: error instanceof Error ? error : new Error(String(error)),
        writes,
        events,
        validationParameters,
      };
    } finally {
      sandbox.restore();
    }
  }

  /** Committed value of a key, parsed. */
  get(key: string): unknown {
    const value = this.state.get(key);
    return value === undefined ? undefined : JSON.parse(value.toString('utf8'));
  }
}

/** A composite key exactly as ChaincodeStub builds it. */
export function compositeKey(objectType: string, attributes: string[]): string {
  return `${COMPOSITE_NS}${objectType}${COMPOSITE_NS}${attributes.map((a) => `${a}${COMPOSITE_NS}`).join('')}`;
}
