import { PDFDocument, type PDFFont, type PDFPage, StandardFonts, rgb } from 'pdf-lib';
import type { LetterContent } from './content';

const PAGE = { width: 595.28, height: 841.89, margin: 56 } as const; // A4, in points
const SIZE = { title: 15, text: 10.5, small: 8.5 } as const;
const LEADING = 1.45;

/**
 * Text the standard fonts can draw (WinAnsi): printable Latin-1; anything else becomes `?`, so any project title
 * gives a letter rather than an error.
 */
export function drawable(text: string): string {
  return text.replace(/[^\u0020-\u007e\u00a0-\u00ff]/gu, '?');
}

/** `text` broken into lines no wider than `width` at `size` (a word longer than the line stands alone). */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of drawable(text)
    .split(/\s+/)
    .filter((w) => w !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Writes lines top-down, adding pages as they fill. */
class Writer {
  #page: PDFPage;
  #y: number;

  constructor(
    readonly document: PDFDocument,
    readonly fonts: { readonly regular: PDFFont; readonly bold: PDFFont },
  ) {
    this.#page = document.addPage([PAGE.width, PAGE.height]);
    this.#y = PAGE.height - PAGE.margin;
  }

  text(text: string, options: { size?: number; bold?: boolean; indent?: number; gap?: number } = {}): void {
    const size = options.size ?? SIZE.text;
    const font = options.bold === true ? this.fonts.bold : this.fonts.regular;
    const indent = options.indent ?? 0;
    for (const line of wrap(text, font, size, PAGE.width - 2 * PAGE.margin - indent)) {
      if (this.#y - size < PAGE.margin) {
        this.#page = this.document.addPage([PAGE.width, PAGE.height]);
        this.#y = PAGE.height - PAGE.margin;
      }
      this.#y -= size * LEADING;
      this.#page.drawText(line, { x: PAGE.margin + indent, y: this.#y, size, font, color: rgb(0, 0, 0) });
    }
    this.#y -= options.gap ?? 0;
  }
}

/**
 * The letter as a PDF (pdf-lib, standard Helvetica): the same content gives the same bytes, since its metadata
 * dates are the letter's own date and nothing else varies.
 */
export async function renderLetter(content: LetterContent): Promise<Uint8Array> {
  const document = await PDFDocument.create({ updateMetadata: false });
  const dated = new Date(`${content.date}T00:00:00Z`);
  document.setTitle(drawable(content.title));
  document.setAuthor(drawable(content.issuer));
  document.setCreator('National Carbon Registry');
  document.setProducer('National Carbon Registry (pdf-lib)');
  document.setCreationDate(dated);
  document.setModificationDate(dated);
  const fonts = {
    regular: await document.embedFont(StandardFonts.Helvetica),
    bold: await document.embedFont(StandardFonts.HelveticaBold),
  };
  const writer = new Writer(document, fonts);
  writer.text(content.issuer, { size: SIZE.small, gap: 14 });
  writer.text(content.title, { size: SIZE.title, bold: true, gap: 4 });
  writer.text(`Date: ${content.date}`, { gap: 12 });
  for (const paragraph of content.paragraphs) writer.text(paragraph, { gap: 8 });
  writer.text('', { gap: 4 });
  for (const [label, value] of content.fields) {
    writer.text(`${label}:`, { bold: true });
    writer.text(value, { indent: 18, gap: 3 });
  }
  writer.text('', { gap: 10 });
  writer.text(`Written from the registry ledger: ${content.source}.`, { size: SIZE.small });
  return document.save({ useObjectStreams: false });
}
