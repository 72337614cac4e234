import { bestCells, isBest } from './best-cells.js';
import { escapeFor, formatCell } from './format-cell.js';
import { markdownInlineToHtml } from './markdown-html.js';
import { cellAt, repeatedGroupFlags, resolveColumns, type ResultTable } from './result-table.js';

/** Options of {@link toHtml}. */
export interface HtmlTableOptions {
  /** Bold the best value of each column (see `bestCells`). Default false. */
  boldBest?: boolean;
  /**
   * Read the title, caption, headers, notes and text cells as inline Markdown (as the same table's
   * Markdown file is read on GitHub) and render them with markdown-it. Default false: plain text,
   * HTML-escaped.
   */
  markdown?: boolean;
}

/**
 * Renders an HTML `<table>` fragment (no page wrapper): title as
 * `<caption>` (plus the caption text), `<thead>`/`<tbody>`, numeric cells
 * right-aligned via `class="num"`, `null` as `n/a`, best values in
 * `<strong>`, notes in a following `<ul class="notes">`. All text is
 * HTML-escaped, or rendered as inline Markdown with `markdown`. Ends with one newline.
 */
export function toHtml(table: ResultTable, options: HtmlTableOptions = {}): string {
  const text = (t: string): string => (options.markdown ? markdownInlineToHtml(t) : escapeFor(t, 'html'));
  const columns = resolveColumns(table);
  const best = options.boldBest ? bestCells(table) : undefined;
  const repeated = repeatedGroupFlags(table);
  const cls = (kind: string): string => (kind === 'text' ? '' : ' class="num"');
  const lines: string[] = ['<table>'];
  const caption = text(table.title) + (table.caption ? `<br><small>${text(table.caption)}</small>` : '');
  lines.push(`<caption>${caption}</caption>`);
  lines.push(`<thead><tr>${columns.map((c) => `<th${cls(c.kind)}>${text(c.header)}</th>`).join('')}</tr></thead>`);
  lines.push('<tbody>');
  table.rows.forEach((row, i) => {
    const cells = columns.map((c) => {
      const hide = repeated[i] && c.key === table.groupBy;
      const cell = cellAt(row, c.key);
      const shown = hide ? '' : typeof cell === 'string' && options.markdown ? text(cell) : formatCell(cell, c, 'html');
      return `<td${cls(c.kind)}>${isBest(best, c.key, i) && !hide ? `<strong>${shown}</strong>` : shown}</td>`;
    });
    lines.push(`<tr>${cells.join('')}</tr>`);
  });
  lines.push('</tbody>', '</table>');
  if (table.notes && table.notes.length > 0) {
    lines.push(`<ul class="notes">${table.notes.map((n) => `<li>${text(n)}</li>`).join('')}</ul>`);
  }
  return `${lines.join('\n')}\n`;
}
