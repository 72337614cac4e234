import { bestCells, isBest } from './best-cells.js';
import { escapeFor, formatCell } from './format-cell.js';
import { cellAt, repeatedGroupFlags, resolveColumns, type ResultTable } from './result-table.js';

/** Options of {@link toHtml}. */
export interface HtmlTableOptions {
  /** Bold the best value of each column (see `bestCells`). Default false. */
  boldBest?: boolean;
}

/**
 * Renders an HTML `<table>` fragment (no page wrapper): title as
 * `<caption>` (plus the caption text), `<thead>`/`<tbody>`, numeric cells
 * right-aligned via `class="num"`, `null` as `n/a`, best values in
 * `<strong>`, notes in a following `<ul class="notes">`. All text is
 * HTML-escaped. Ends with one newline.
 */
export function toHtml(table: ResultTable, options: HtmlTableOptions = {}): string {
  const columns = resolveColumns(table);
  const best = options.boldBest ? bestCells(table) : undefined;
  const repeated = repeatedGroupFlags(table);
  const cls = (kind: string): string => (kind === 'text' ? '' : ' class="num"');
  const lines: string[] = ['<table>'];
  const caption =
    escapeFor(table.title, 'html') + (table.caption ? `<br><small>${escapeFor(table.caption, 'html')}</small>` : '');
  lines.push(`<caption>${caption}</caption>`);
  lines.push(
    `<thead><tr>${columns.map((c) => `<th${cls(c.kind)}>${escapeFor(c.header, 'html')}</th>`).join('')}</tr></thead>`,
  );
  lines.push('<tbody>');
  table.rows.forEach((row, i) => {
    const cells = columns.map((c) => {
      const hide = repeated[i] && c.key === table.groupBy;
      const text = hide ? '' : formatCell(cellAt(row, c.key), c, 'html');
      return `<td${cls(c.kind)}>${isBest(best, c.key, i) && !hide ? `<strong>${text}</strong>` : text}</td>`;
    });
    lines.push(`<tr>${cells.join('')}</tr>`);
  });
  lines.push('</tbody>', '</table>');
  if (table.notes && table.notes.length > 0) {
    lines.push(`<ul class="notes">${table.notes.map((n) => `<li>${escapeFor(n, 'html')}</li>`).join('')}</ul>`);
  }
  return `${lines.join('\n')}\n`;
}
