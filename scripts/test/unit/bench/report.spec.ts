import { expect } from 'chai';
import { formatFailures, ratioRows, renderMarkdown } from '../../../src/bench/report';
import { benchResult, level } from './result-fixture';

describe('bench report', () => {
  it('gives per concurrency level the tx/s of each phase and the ratios to raw', () => {
    const rows = ratioRows({
      raw: [level(1, 4), level(16, 40)],
      chaincode: [level(1, 3), level(16, 30)],
      rest: [level(16, 10)],
    });
    expect(rows).to.deep.equal([
      { clients: 1, raw: 4, chaincode: 3, rest: null, chaincodeToRaw: 0.75, restToRaw: null },
      { clients: 16, raw: 40, chaincode: 30, rest: 10, chaincodeToRaw: 0.75, restToRaw: 0.25 },
    ]);
  });

  it('leaves a ratio out when raw was not measured or committed nothing', () => {
    expect(ratioRows({ rest: [level(1, 2)] })[0]?.restToRaw).to.equal(null);
    expect(ratioRows({ raw: [level(1, 0)], rest: [level(1, 2)] })[0]?.restToRaw).to.equal(null);
  });

  it('lists failures as code ×count, or none', () => {
    expect(formatFailures({})).to.equal('none');
    expect(formatFailures({ 'HTTP 502 LEDGER_ERROR': 2, MVCC_READ_CONFLICT: 1 })).to.equal(
      'HTTP 502 LEDGER_ERROR ×2, MVCC_READ_CONFLICT ×1',
    );
  });

  it('renders a throughput row per phase and level, the ratio table and the phases that failed', () => {
    const result = benchResult({
      raw: [{ ...level(1, 4), failures: { MVCC_READ_CONFLICT: 1 } }],
      errors: { rest: 'gateway down' },
    });
    const markdown = renderMarkdown(result);
    expect(markdown).to.contain('| raw | 1 | 10 | 10 | 4.0 | 300.0 | 400.0 | 500.0 | MVCC_READ_CONFLICT ×1 |');
    expect(markdown).to.contain('| 1 | 4.0 | – | – | – | – |');
    expect(markdown).to.contain('- rest: gateway down');
    expect(markdown).not.to.contain('Issuance');
  });
});
