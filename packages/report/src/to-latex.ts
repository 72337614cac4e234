import { bestCells, isBest } from './best-cells.js';
import { escapeFor, formatCell } from './format-cell.js';
import { cellAt, repeatedGroupFlags, resolveColumns, type ResultTable } from './result-table.js';

/** Options of {@link toLatex}. */
export interface LatexOptions {
  /** Wrap the tabular in a `table` float with `\caption` and notes. Default true. */
  float?: boolean;
  /** Float placement. Default `t`. */
  placement?: string;
  /** `\label{...}` inside the float (written verbatim). Default none. */
  label?: string;
  /** Bold the best value of each column (see `bestCells`). Default false. */
  boldBest?: boolean;
}

function captionText(table: ResultTable): string {
  const title = escapeFor(table.title, 'latex');
  if (!table.caption) return title;
  return `${/[.!?]$/.test(table.title) ? title : `${title}.`} ${escapeFor(table.caption, 'latex')}`;
}

/**
 * Renders a booktabs tabular (`\toprule`, `\midrule`, `\bottomrule`; needs
 * `\usepackage{booktabs}`), text columns `l`, numeric columns `r`. Text is
 * escaped (`\ _ % & # $ { } ~ ^`), `null` prints `n/a`, mean±std prints
 * `61.87 $\pm$ 0.16`, best values `\textbf{...}` when `boldBest`. With
 * `groupBy`, groups are separated by `\midrule` and repeated group values are
 * left empty. With `float` (default) it is wrapped in `table` with the title
 * (and caption) as `\caption` and notes in `\footnotesize` below; without it,
 * title and notes become `%` comments. Ends with one newline.
 */
export function toLatex(table: ResultTable, options: LatexOptions = {}): string {
  const { float = true, placement = 't', label, boldBest = false } = options;
  const columns = resolveColumns(table);
  const best = boldBest ? bestCells(table) : undefined;
  const repeated = repeatedGroupFlags(table);
  const align = columns.map((c) => (c.kind === 'text' ? 'l' : 'r')).join('');
  const rowLine = (cells: string[]): string => `${cells.join(' & ')} \\\\`;

  const tabular: string[] = [`\\begin{tabular}{${align}}`, '\\toprule'];
  tabular.push(rowLine(columns.map((c) => escapeFor(c.header, 'latex'))), '\\midrule');
  table.rows.forEach((row, i) => {
    if (table.groupBy !== undefined && i > 0 && !repeated[i]) tabular.push('\\midrule');
    const cells = columns.map((c) => {
      if (repeated[i] && c.key === table.groupBy) return '';
      const text = formatCell(cellAt(row, c.key), c, 'latex');
      return isBest(best, c.key, i) ? `\\textbf{${text}}` : text;
    });
    tabular.push(rowLine(cells));
  });
  tabular.push('\\bottomrule', '\\end{tabular}');

  const notes = (table.notes ?? []).map((n) => escapeFor(n, 'latex'));
  if (!float) {
    const comment = (t: string): string => `% ${t}`;
    return `${[comment(captionText(table)), ...tabular, ...notes.map(comment)].join('\n')}\n`;
  }
  const lines = [`\\begin{table}[${placement}]`, '\\centering', `\\caption{${captionText(table)}}`];
  if (label) lines.push(`\\label{${label}}`);
  lines.push(...tabular);
  if (notes.length > 0) lines.push('\\par\\smallskip', ...notes.map((n) => `{\\footnotesize ${n}}\\par`));
  lines.push('\\end{table}');
  return `${lines.join('\n')}\n`;
}
