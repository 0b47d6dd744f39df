import stringWidth from 'string-width';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
// string-width builds a regular expression per call: printable ASCII, the common case, skips it.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Terminal columns a text takes: wide CJK characters count 2, combining marks 0. Deliberately the
 * same function cli-table3 pads with, so our cuts and its padding agree.
 */
export function textWidth(text: string): number {
  return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text);
}

/** Cuts a text to `width` columns, ending in `…` when it had to cut; never splits a grapheme. */
export function truncateText(text: string, width: number): string {
  if (textWidth(text) <= width) return text;
  if (width <= 0) return '';
  if (PRINTABLE_ASCII.test(text)) return `${text.slice(0, width - 1)}…`;
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = textWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}
