import stringWidth from 'string-width';

// string-width builds a regular expression per call: printable ASCII, the common case, skips it.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Code points that can join a neighbour into one grapheme (UAX #29: CR LF, marks and other
 * Grapheme_Extend, ZWJ/ZWNJ, emoji and their modifiers, regional indicators, Hangul jamo, the
 * Prepend and non-mark SpacingMark characters, tags). A text without any is one grapheme per code
 * point. Deliberately wider than the rules: a false match only costs the segmenter. (ZWJ stands
 * outside the class: inside one, lint reads it as joining its neighbours.)
 */
export const MAY_JOIN =
  /\u200d|[\r\p{M}\p{Grapheme_Extend}\p{Emoji_Modifier}\p{Regional_Indicator}\p{Extended_Pictographic}\u200c\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u0d4e\u0e33\u0eb3\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff\u{110bd}\u{110cd}\u{111c2}\u{111c3}\u{1193f}\u{11941}\u{11a3a}\u{113d1}\u{11a84}-\u{11a89}\u{11d46}\u{11f02}\u{16d63}\u{16d67}-\u{16d6a}\u{e0000}-\u{e0fff}]/u;

// Made on first need: constructing it loads ICU's break data, ~8 ms of a ~200 ms first screen.
let segmenter: Intl.Segmenter | undefined;

/** The text's graphemes; Intl.Segmenter only when some code point may join another. */
function graphemes(text: string): Iterable<string> {
  if (!MAY_JOIN.test(text)) return text;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const segments = segmenter.segment(text);
  return (function* () {
    for (const { segment } of segments) yield segment;
  })();
}

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
  for (const segment of graphemes(text)) {
    const w = textWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}
