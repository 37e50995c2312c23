/** Throughput-vs-clients chart as plain SVG text: no browser, no dependency, deterministic output. */

export interface Series {
  readonly name: string;
  readonly points: readonly { readonly clients: number; readonly txPerSec: number }[];
}

const WIDTH = 640;
const HEIGHT = 400;
const MARGIN = { top: 40, right: 150, bottom: 50, left: 60 } as const;
const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd'] as const;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A "nice" axis maximum (1, 2 or 5 × 10^k) at or above `value`, so ticks fall on round numbers. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((factor) => factor * magnitude >= value) ?? 10;
  return step * magnitude;
}

const fmt = (value: number): string => (Number.isInteger(value) ? String(value) : value.toFixed(1));

/**
 * Renders one line per series. Client counts are spread evenly along x (they are usually powers of two or four,
 * so even spacing reads like a log scale); y is committed tx/s from 0 to a round maximum.
 */
export function throughputChart(title: string, series: readonly Series[]): string {
  const levels = [...new Set(series.flatMap((s) => s.points.map((p) => p.clients)))].sort((a, b) => a - b);
  const yMax = niceCeiling(Math.max(0, ...series.flatMap((s) => s.points.map((p) => p.txPerSec))));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (clients: number): number => {
    const index = levels.indexOf(clients);
    return MARGIN.left + (levels.length <= 1 ? plotW / 2 : (index / (levels.length - 1)) * plotW);
  };
  const y = (rate: number): number => MARGIN.top + plotH - (rate / yMax) * plotH;
  const r = (value: number): string => value.toFixed(1);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" ` +
      `font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15">${escapeXml(title)}</text>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const value = (yMax * i) / 5;
    parts.push(
      `<line x1="${MARGIN.left}" y1="${r(y(value))}" x2="${MARGIN.left + plotW}" y2="${r(y(value))}" stroke="#ddd"/>`,
      `<text x="${MARGIN.left - 6}" y="${r(y(value) + 4)}" text-anchor="end">${fmt(value)}</text>`,
    );
  }
  for (const clients of levels) {
    parts.push(`<text x="${r(x(clients))}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${clients}</text>`);
  }
  parts.push(
    `<line x1="${MARGIN.left}" y1="${MARGIN.top + plotH}" x2="${MARGIN.left + plotW}" y2="${MARGIN.top + plotH}" stroke="black"/>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${MARGIN.top + plotH}" stroke="black"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 12}" text-anchor="middle">concurrent clients</text>`,
    `<text x="16" y="${MARGIN.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 16 ${MARGIN.top + plotH / 2})">committed tx/s</text>`,
  );
  series.forEach((s, index) => {
    const colour = COLOURS[index % COLOURS.length] ?? 'black';
    const points = [...s.points].sort((a, b) => a.clients - b.clients);
    if (points.length > 1) {
      const path = points.map((p) => `${r(x(p.clients))},${r(y(p.txPerSec))}`).join(' ');
      parts.push(`<polyline points="${path}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    }
    for (const p of points) {
      parts.push(
        `<circle cx="${r(x(p.clients))}" cy="${r(y(p.txPerSec))}" r="3.5" fill="${colour}">` +
          `<title>${escapeXml(s.name)}: ${p.clients} clients, ${fmt(p.txPerSec)} tx/s</title></circle>`,
      );
    }
    const legendY = MARGIN.top + 10 + index * 20;
    const legendX = MARGIN.left + plotW + 16;
    parts.push(
      `<line x1="${legendX}" y1="${legendY}" x2="${legendX + 20}" y2="${legendY}" stroke="${colour}" stroke-width="2"/>`,
      `<text x="${legendX + 26}" y="${legendY + 4}">${escapeXml(s.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
