import { expect } from 'chai';
import { escapeXml, niceCeiling, throughputChart } from '../../../src/bench/chart';

describe('throughput chart (SVG)', () => {
  it('rounds the axis maximum up to 1, 2 or 5 × 10^k', () => {
    expect(niceCeiling(0)).to.equal(1);
    expect(niceCeiling(1)).to.equal(1);
    expect(niceCeiling(1.1)).to.equal(2);
    expect(niceCeiling(37)).to.equal(50);
    expect(niceCeiling(122.9)).to.equal(200);
    expect(niceCeiling(500)).to.equal(500);
  });

  it('escapes text so that names cannot break the document', () => {
    expect(escapeXml('a<b & "c">')).to.equal('a&lt;b &amp; &quot;c&quot;&gt;');
  });

  it('draws one line with one point per level for each series, a legend entry each, and the client counts', () => {
    const svg = throughputChart('tx/s', [
      {
        name: 'raw',
        points: [
          { clients: 1, txPerSec: 3 },
          { clients: 16, txPerSec: 38 },
          { clients: 64, txPerSec: 120 },
        ],
      },
      { name: 'POST /v1/transfers <REST>', points: [{ clients: 1, txPerSec: 3 }] },
    ]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).to.equal(true);
    expect(svg.trimEnd().endsWith('</svg>')).to.equal(true);
    expect(svg.match(/<polyline /g)).to.have.length(1); // a single point draws no line
    expect(svg.match(/<circle /g)).to.have.length(4);
    expect(svg).to.contain('POST /v1/transfers &lt;REST&gt;');
    for (const clients of ['1', '16', '64']) expect(svg).to.contain(`text-anchor="middle">${clients}</text>`);
    expect(svg).to.contain('>200</text>'); // axis maximum above 120
  });

  it('is deterministic: the same figures give the same bytes', () => {
    const series = [{ name: 'raw', points: [{ clients: 4, txPerSec: 10 }] }];
    expect(throughputChart('t', series)).to.equal(throughputChart('t', series));
  });
});
