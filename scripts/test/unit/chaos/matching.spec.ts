import { expect } from 'chai';
import type { Attempt, WriteRecord } from '../../../src/chaos/client';
import { errorThatCommitted, type FaultWindow, windowFigures } from '../../../src/chaos/figures';
import { FUNCTION_OF, type LedgerWrite, matchWrites, subjectOf } from '../../../src/chaos/matching';

const attempt = (sentAt: number, ms: number, status: number, code: string, extra: Partial<Attempt> = {}): Attempt => ({
  sentAt,
  ms,
  status,
  code,
  replayed: false,
  ...extra,
});

function record(key: string, outcome: WriteRecord['outcome'], attempts: Attempt[], txId?: string): WriteRecord {
  return {
    key,
    kind: 'transfer',
    client: 'client-0',
    subject: 'B-1',
    quantity: 1,
    route: '/v1/transfers',
    body: {},
    attempts,
    outcome,
    ...(txId === undefined ? {} : { txId }),
  };
}

const onLedger = (txId: string, validationCode = 'VALID', subject = 'B-1'): LedgerWrite => ({
  txId,
  function: FUNCTION_OF.transfer,
  subject,
  validationCode,
  blockNumber: 9,
});

describe('chaos: acknowledged writes against the ledger', () => {
  it('reads the subject of each tracked function from its argument', () => {
    expect(subjectOf('credits:Transfer', [{ blockId: 'B-1', quantity: 1 }])).to.equal('B-1');
    expect(subjectOf('credits:Retire', [{ blockId: 'B-2' }])).to.equal('B-2');
    expect(subjectOf('monitoring:SubmitMonitoringReport', [{ projectId: 'P', periodStart: '1995-01-02' }])).to.equal(
      'P 1995-01-02',
    );
    expect(subjectOf('monitoring:IssueCredits', [{ reportId: 'R' }])).to.equal('R');
    expect(subjectOf('credits:Cancel', [{ blockId: 'B-1' }])).to.equal(undefined);
    expect(subjectOf('credits:Transfer', ['not an object'])).to.equal(undefined);
  });

  it('finds nothing wrong when every acknowledged write is VALID on the ledger once', () => {
    const records = [record('k1', 'acked', [], 'tx1'), record('k2', 'refused', [])];
    const ledger = [onLedger('tx1'), onLedger('tx-other', 'VALID', 'B-9'), onLedger('tx-mvcc', 'MVCC_READ_CONFLICT')];
    expect(matchWrites(records, ledger)).to.deep.equal({ lost: [], duplicates: [], unexplained: [], committed: 1 });
  });

  it('reports an acknowledged write missing from the ledger, or there only as invalid, as lost', () => {
    const records = [record('k1', 'acked', [], 'tx1'), record('k2', 'acked', [], 'tx2')];
    const result = matchWrites(records, [onLedger('tx1', 'MVCC_READ_CONFLICT')]);
    expect(result.lost).to.have.length(2);
    expect(result.lost[0]).to.contain('k1');
  });

  it('reports a VALID transaction on the run’s subject that no acknowledged write accounts for as a duplicate', () => {
    const records = [record('k1', 'acked', [], 'tx1'), record('k2', 'refused', [])];
    const result = matchWrites(records, [onLedger('tx1'), onLedger('tx-extra')]);
    expect(result.duplicates).to.deep.equal(['credits:Transfer tx-extra in block 9 on B-1']);
    expect(result.unexplained).to.deep.equal([]);
  });

  it('sets apart a commit that may be the transaction of a request never resolved', () => {
    const records = [record('k1', 'acked', [], 'tx1'), record('k2', 'unresolved', [])];
    const result = matchWrites(records, [onLedger('tx1'), onLedger('tx-maybe-k2')]);
    expect(result.duplicates).to.deep.equal([]);
    expect(result.unexplained).to.have.length(1);
  });
});

describe('chaos: figures per fault window', () => {
  it('counts an error answer as committed when the final 2xx was replayed or carries the error’s txId', () => {
    const dropped = attempt(10, 5, 0, 'NETWORK ECONNRESET');
    expect(
      errorThatCommitted(record('k', 'acked', [dropped, attempt(20, 5, 201, 'OK', { replayed: true })], 't')),
    ).to.equal(dropped);
    const unknown = attempt(10, 5, 503, 'COMMIT_STATUS_UNKNOWN', { txId: 't' });
    expect(errorThatCommitted(record('k', 'acked', [unknown, attempt(20, 5, 201, 'OK', { txId: 't' })], 't'))).to.equal(
      unknown,
    );
    const clean = attempt(10, 5, 503, 'LEDGER_UNAVAILABLE');
    expect(errorThatCommitted(record('k', 'acked', [clean, attempt(20, 5, 201, 'OK', { txId: 'u' })], 'u'))).to.equal(
      undefined,
    );
    expect(errorThatCommitted(record('k', 'unresolved', [dropped]))).to.equal(undefined);
    // Refused before anything was sent, then sent with an unknown outcome: the latter is the one that committed.
    const refusedFirst = attempt(5, 5, 503, 'LEDGER_UNAVAILABLE');
    const sent = attempt(10, 5, 503, 'COMMIT_STATUS_UNKNOWN', { txId: 'v' });
    const replay = attempt(20, 5, 201, 'OK', { replayed: true, txId: 'v' });
    expect(errorThatCommitted(record('k', 'acked', [refusedFirst, sent, replay], 'v'))).to.equal(sent);
  });

  it('gives the baseline, then per fault: answers by status, first success after the kill, the restart and the return', () => {
    const window: FaultWindow = {
      fault: 'gateway',
      killed: ['gateway'],
      killedAt: 1_000,
      restore: [{ label: 'start command', startedAt: 6_000, doneAt: 20_000 }],
      backAt: 9_000,
      endAt: 30_000,
    };
    const records = [
      record('a', 'acked', [attempt(100, 300, 201, 'OK')], 't1'),
      record(
        'b',
        'acked',
        [
          attempt(900, 200, 0, 'NETWORK UND_ERR_SOCKET'),
          attempt(2_000, 10, 0, 'NETWORK ECONNREFUSED'),
          attempt(9_500, 400, 201, 'OK', { replayed: true, txId: 't2' }),
        ],
        't2',
      ),
      record('c', 'acked', [attempt(10_000, 500, 201, 'OK')], 't3'),
    ];
    const [baseline, gateway] = windowFigures(records, [window], 31_000);
    expect(baseline).to.include({ fromS: 0, toS: 1, firstSuccessAfterKillS: null, slowestAnswerS: 0.3 });
    expect(baseline!.answersWhileDown).to.deep.equal({ '201': 1 });
    expect(baseline!.answersAfterRestart).to.deep.equal({});
    expect(gateway).to.include({
      fault: 'gateway',
      restartS: 14,
      firstSuccessAfterKillS: 8.9,
      firstSuccessAfterRestartS: 3.9,
      firstSuccessAfterBackS: 0.9,
    });
    expect(gateway!.answersWhileDown).to.deep.equal({ '0 NETWORK ECONNREFUSED': 1, '0 NETWORK UND_ERR_SOCKET': 1 });
    expect(gateway!.answersAfterRestart).to.deep.equal({ '201': 2 });
    expect(gateway!.errorsThatCommitted).to.deep.equal({ '0 NETWORK UND_ERR_SOCKET': 1 });
  });
});
