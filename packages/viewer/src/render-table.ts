import { fitColumns, keptColumns } from './fit-columns.js';
import { textWidth, truncateText } from './text-width.js';

export interface TableColumn {
  name: string;
  align: 'left' | 'right';
  /** See `FitColumn.priority`. */
  priority: number;
  /** See `FitColumn.floor`. */
  floor?: number;
}

/** A table's frame, decided once: rows can then be printed as they come. */
export interface TableLayout {
  /** Top border, header and the line under it. */
  head: string;
  row(texts: string[]): string;
  /** Bottom border and the footer. */
  foot(rows: number): string;
}

/** No cell is measured beyond this many characters: wider than any terminal. */
const MAX_CELL_CHARS = 1000;

/**
 * Indices of the columns a table of this width prints. Decided from the headers alone (see
 * `keptColumns`), so the caller can read just these columns; `tableLayout` keeps the same ones.
 */
export function printedColumns(columns: TableColumn[], width: number): number[] {
  return keptColumns(
    columns.map((c) => ({ headerWidth: textWidth(c.name), priority: c.priority, floor: c.floor })),
    width,
  );
}

/**
 * A boxed table fitting `width` terminal columns (see `fitColumns`), with column widths taken
 * from `sample` rows; longer cells are cut with `…`. The footer is pandas' `[N rows x M columns]`,
 * counting every column, printed or not (or `footerText`).
 *
 * Drawn here rather than with cli-table3: loading it and laying out a first screen of 20 rows took
 * 60–110 ms, a third of the time budget for that screen, and it cannot print rows as they come.
 */
export function tableLayout(columns: TableColumn[], sample: string[][], width: number, footerText?: string): TableLayout {
  const footer = (rows: number) => `${footerText ?? `[${rows} rows x ${columns.length} columns]`}\n`;
  if (columns.length === 0) return { head: '', row: () => '', foot: footer };
  const slots = fitColumns(
    columns.map((c, i) => {
      const headerWidth = textWidth(c.name);
      const natural = sample.reduce((w, r) => Math.max(w, textWidth(clip(r[i]!))), headerWidth);
      return { natural, headerWidth, priority: c.priority, floor: c.floor, fillFirst: c.align === 'right' };
    }),
    width,
  );
  const layout = slots.map((s) =>
    'gap' in s ? { width: 1, align: 'left' as const, index: -1 } : { width: s.width, align: columns[s.index]!.align, index: s.index },
  );
  const line = (l: string, mid: string, r: string) => `${l}${layout.map((c) => '─'.repeat(c.width + 2)).join(mid)}${r}\n`;
  const row = (text: (index: number) => string) =>
    `│${layout.map((c) => ` ${pad(c.index < 0 ? '…' : truncateText(clip(text(c.index)), c.width), c.width, c.align)} `).join('│')}│\n`;
  return {
    head: line('┌', '┬', '┐') + row((i) => columns[i]!.name) + line('├', '┼', '┤'),
    row: (texts) => row((i) => texts[i]!),
    foot: (rows) => line('└', '┴', '┘') + footer(rows),
  };
}

/** `tableLayout` for rows all at hand. */
export function renderTable(columns: TableColumn[], rows: string[][], width: number, footerText?: string): string {
  const layout = tableLayout(columns, rows, width, footerText);
  return layout.head + rows.map((r) => layout.row(r)).join('') + layout.foot(rows.length);
}

function clip(text: string): string {
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS)}…` : text;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - textWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}
