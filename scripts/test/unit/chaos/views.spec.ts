import { expect } from 'chai';
import type { FaultWindow, WindowFigures } from '../../../src/chaos/figures';
import { diskFaultErrors, type ViewSample, viewFigures } from '../../../src/chaos/views';

const sample = (at: number, status: number, code: string, lagBlocks?: number): ViewSample => ({
  at,
  status,
  code,
  ...(lagBlocks === undefined ? {} : { lagBlocks }),
});

const disk: FaultWindow = {
  fault: 'read-model-disk',
  killed: ["the read model's disk"],
  killedAt: 10_000,
  restore: [{ label: 'free the disk', startedAt: 25_000, doneAt: 25_010 }],
  endAt: 40_000,
};
const baseline: FaultWindow = {
  fault: 'none (before the first fault)',
  killed: [],
  killedAt: 0,
  restore: [],
  endAt: 10_000,
};

function figure(fault: string, firstSuccessAfterKillS: number | null): WindowFigures {
  return {
    fault,
    killed: [],
    fromS: 0,
    toS: 1,
    restartS: null,
    firstSuccessAfterKillS,
    firstSuccessAfterRestartS: null,
    firstSuccessAfterBackS: null,
    answersWhileDown: {},
    answersAfterRestart: {},
    slowestAnswerS: null,
    errorsThatCommitted: {},
  };
}

describe('chaos: the read-model view per fault window', () => {
  const samples = [
    sample(5_000, 200, 'OK', 1),
    sample(11_000, 503, 'READ_MODEL_DISK_FULL'),
    sample(12_000, 503, 'READ_MODEL_DISK_FULL'),
    sample(26_000, 200, 'OK', 14),
    sample(27_000, 200, 'OK', 3),
    sample(28_000, 200, 'OK', 1),
    sample(29_000, 200, 'OK', 0),
  ];

  it('counts the answers before and after the restore, the largest lag, and when the view caught up', () => {
    const [none, full] = viewFigures(samples, [baseline, disk]);
    expect(none).to.deep.equal({
      fault: 'none (before the first fault)',
      answersWhileDown: { '200': 1 },
      answersAfterRestart: {},
      maxLagBlocks: 1,
      caughtUpAfterRestartS: null,
    });
    expect(full).to.deep.equal({
      fault: 'read-model-disk',
      answersWhileDown: { '503 READ_MODEL_DISK_FULL': 2 },
      answersAfterRestart: { '200': 4 },
      maxLagBlocks: 14,
      caughtUpAfterRestartS: 3,
    });
  });

  it('passes a disk fault whose view said 503 READ_MODEL_DISK_FULL, whose writes went on and which caught up', () => {
    const views = viewFigures(samples, [baseline, disk]);
    expect(
      diskFaultErrors([figure('none (before the first fault)', null), figure('read-model-disk', 0.8)], views, 15),
    ).to.deep.equal([]);
  });

  it('fails a disk fault whose view answered 200 throughout, whose writes stopped, or which never caught up', () => {
    const stale = [sample(11_000, 200, 'OK', 5), sample(26_000, 200, 'OK', 9)];
    const views = viewFigures(stale, [baseline, disk]);
    expect(
      diskFaultErrors([figure('none (before the first fault)', null), figure('read-model-disk', null)], views, 15),
    ).to.deep.equal([
      'read-model-disk: the read-model view never answered 503 READ_MODEL_DISK_FULL while the disk was full',
      'read-model-disk: writes did not go on while the read model had no disk space',
      'read-model-disk: the read model did not catch up with the ledger once space returned',
    ]);
  });
});
