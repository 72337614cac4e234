import { bestCells, isBest } from './best-cells.js';
import { escapeFor, formatCell } from './format-cell.js';
import { cellAt, repeatedGroupFlags, resolveColumns, type ResultTable } from './result-table.js';

/** Options of {@link toMarkdown}. */
export interface MarkdownOptions {
  /** Heading level of the title (`#` count); 0 leaves the title out. Default 3. */
  headingLevel?: number;
  /** Bold the best value of each column (see `bestCells`). Default false. */
  boldBest?: boolean;
  /** Pad cells so the raw text lines up in columns. Default true. */
  pad?: boolean;
}

/**
 * Renders a GitHub pipe table: the title as a heading, the caption as a
 * paragraph, the table (text left-aligned, numbers right-aligned, `null` as
 * `n/a`, mean±std as `61.87 ± 0.16`), then notes as a bullet list. With
 * `groupBy`, a repeated group value is left empty. Ends with one newline.
 */
export function toMarkdown(table: ResultTable, options: MarkdownOptions = {}): string {
  const { headingLevel = 3, boldBest = false, pad = true } = options;
  const columns = resolveColumns(table);
  const best = boldBest ? bestCells(table) : undefined;
  const repeated = repeatedGroupFlags(table);
  const header = columns.map((c) => escapeFor(c.header, 'markdown'));
  const body = table.rows.map((row, i) =>
    columns.map((c) => {
      if (repeated[i] && c.key === table.groupBy) return '';
      const text = formatCell(cellAt(row, c.key), c, 'markdown');
      return isBest(best, c.key, i) ? `**${text}**` : text;
    }),
  );
  const right = columns.map((c) => c.kind !== 'text');
  const widths = columns.map((_, j) => (pad ? Math.max(3, header[j].length, ...body.map((r) => r[j].length)) : 3));
  const fit = (text: string, j: number): string =>
    pad ? (right[j] ? text.padStart(widths[j]) : text.padEnd(widths[j])) : text;
  const line = (cells: string[]): string => `| ${cells.map(fit).join(' | ')} |`;
  const rule = `| ${widths.map((w, j) => (right[j] ? `${'-'.repeat(w - 1)}:` : `:${'-'.repeat(w - 1)}`)).join(' | ')} |`;

  const parts: string[] = [];
  if (headingLevel > 0) parts.push(`${'#'.repeat(headingLevel)} ${escapeFor(table.title, 'markdown')}`);
  if (table.caption) parts.push(escapeFor(table.caption, 'markdown'));
  parts.push([line(header), rule, ...body.map(line)].join('\n'));
  if (table.notes && table.notes.length > 0) {
    parts.push(table.notes.map((n) => `- ${escapeFor(n, 'markdown')}`).join('\n'));
  }
  return `${parts.join('\n\n')}\n`;
}
