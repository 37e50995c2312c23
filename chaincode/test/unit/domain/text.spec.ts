import { expect } from 'chai';
import { LongTextSchema, TextSchema } from '../../../src/domain';

describe('registry text', () => {
  const bad = [
    'nul\u0000inside',
    'bell\u0007',
    'esc\u001b[31m',
    'del\u007f',
    'next-line\u0085',
    'lone \ud800 high',
    'lone \udc00 low',
  ];

  it('refuses control characters and lone surrogates in short and long text', () => {
    for (const text of bad) {
      expect(TextSchema.safeParse(text).success, JSON.stringify(text)).to.equal(false);
      expect(LongTextSchema.safeParse(text).success, JSON.stringify(text)).to.equal(false);
    }
  });

  it('keeps ordinary text, accents and emoji; long text may hold tabs and line breaks, a short one may not', () => {
    for (const text of ['Beta Forestry Co', 'Société Générale — Côte d’Ivoire', 'Cookstoves 🔥 Volta']) {
      expect(TextSchema.safeParse(text).success, text).to.equal(true);
      expect(LongTextSchema.safeParse(text).success, text).to.equal(true);
    }
    expect(LongTextSchema.safeParse('line one\nline two\twith a tab\r\n').success).to.equal(true);
    expect(TextSchema.safeParse('line one\nline two').success).to.equal(false);
  });
});
