import { bestCells, isBest } from './best-cells.js';
import { escapeFor, formatCell } from './format-cell.js';
import { latexLayout, type LatexFit } from './latex-layout.js';
import { estimateTextWidthPt } from './latex-width.js';
import { cellAt, repeatedGroupFlags, resolveColumns, type ResultTable } from './result-table.js';

/** Options of {@link toLatex}. */
export interface LatexOptions {
  /** Wrap the tabular in a `table` (or `table*`) float with `\caption` and notes. Default true. */
  float?: boolean;
  /** Float placement. Default `t`. */
  placement?: string;
  /** `\label{...}` inside the float (written verbatim). Default none. */
  label?: string;
  /** Bold the best value of each column (see `bestCells`). Default false. */
  boldBest?: boolean;
  /**
   * How the table is made to fit (see `latexLayout`). Default `auto`: `table` when it fits a
   * two-column page's column (234 pt), else long headers on two lines, then `table*`; the tabular is
   * scaled down to `\linewidth` only if it is still wider. `none`: the plain tabular, never scaled.
   */
  fit?: LatexFit;
}

/** The LaTeX packages every table needs, for the preamble. */
export const LATEX_PACKAGES: readonly string[] = ['booktabs', 'graphicx'];

/** Name of the save box the fit guard measures the tabular in (declared once per document). */
const BOX = '\\glaTableBox';

function captionText(table: ResultTable): string {
  const title = escapeFor(table.title, 'latex');
  if (!table.caption) return title;
  return `${/[.!?]$/.test(table.title) ? title : `${title}.`} ${escapeFor(table.caption, 'latex')}`;
}

/** Script size (7 pt) Computer Modern is about 0.8 times as wide as 10 pt: the ± std part of a cell. */
const STD_WIDTH_FACTOR = 0.8;

/** Estimated width in pt of a cell from its plain text (`61.87 ± 0.16`: the `± 0.16` is set in script size). */
function cellWidthPt(plain: string, bold: boolean): number {
  const at = plain.indexOf(' ± ');
  if (at < 0) return estimateTextWidthPt(plain, bold);
  return estimateTextWidthPt(plain.slice(0, at), bold) + STD_WIDTH_FACTOR * estimateTextWidthPt(plain.slice(at), bold);
}

function headerCell(lines: string[], align: 'l' | 'r'): string {
  const tex = lines.map((l) => escapeFor(l, 'latex'));
  return tex.length === 1 ? tex[0] : `\\begin{tabular}[b]{@{}${align}@{}}${tex.join('\\\\')}\\end{tabular}`;
}

/**
 * Renders a booktabs table for pdflatex (needs `\usepackage{booktabs}` and, unless `fit: 'none'`,
 * `\usepackage{graphicx}`; see {@link LATEX_PACKAGES}). The output is pure ASCII: text is escaped
 * with `escapeLatex` (specials, Greek and math symbols in math mode, accents). Text columns `l`,
 * numeric columns `r`; `null` prints `n/a`, mean±std prints `61.87{\scriptsize\,$\pm$\,0.16}`, best values
 * `\textbf{...}` when `boldBest`. With `groupBy`, groups are separated by `\midrule` and repeated
 * group values are left empty. With `float` (default) it is wrapped in `table` or `table*` (see
 * `fit`) with the title (and caption) as `\caption` and notes in `\footnotesize` below; without it,
 * title and notes become `%` comments. A first `%` line states the packages and the estimated
 * natural width. Ends with one newline.
 */
export function toLatex(table: ResultTable, options: LatexOptions = {}): string {
  const { float = true, placement = 't', label, boldBest = false, fit = 'auto' } = options;
  const columns = resolveColumns(table);
  const best = boldBest ? bestCells(table) : undefined;
  const repeated = repeatedGroupFlags(table);
  const hidden = (i: number, key: string): boolean => repeated[i] && key === table.groupBy;
  const bold = columns.map((c) => table.rows.map((_, i) => isBest(best, c.key, i)));
  const widths = columns.map((c, j) =>
    table.rows.map((row, i) =>
      hidden(i, c.key) ? 0 : cellWidthPt(formatCell(cellAt(row, c.key), c, 'plain'), bold[j][i]),
    ),
  );
  const layout = latexLayout(
    columns.map((c) => c.header),
    widths,
    fit,
  );
  const aligns = columns.map((c) => (c.kind === 'text' ? 'l' : 'r') as 'l' | 'r');
  const rowLine = (cells: string[]): string => `${cells.join(' & ')} \\\\`;

  const tabular: string[] = [`\\begin{tabular}{${aligns.join('')}}`, '\\toprule'];
  tabular.push(rowLine(layout.headerLines.map((lines, j) => headerCell(lines, aligns[j]))), '\\midrule');
  table.rows.forEach((row, i) => {
    if (table.groupBy !== undefined && i > 0 && !repeated[i]) tabular.push('\\midrule');
    const cells = columns.map((c, j) => {
      if (hidden(i, c.key)) return '';
      const text = formatCell(cellAt(row, c.key), c, 'latex');
      return bold[j][i] ? `\\textbf{${text}}` : text;
    });
    tabular.push(rowLine(cells));
  });
  tabular.push('\\bottomrule', '\\end{tabular}');

  const packages = layout.guard ? 'booktabs and graphicx' : 'booktabs';
  const head = `% Needs ${packages}; natural width about ${Math.round(layout.widthPt)} pt${
    layout.guard ? ', scaled down only where wider than \\linewidth' : ''
  }.`;
  const body: string[] = [];
  if (layout.tabcolsepPt !== 6) body.push(`\\setlength{\\tabcolsep}{${layout.tabcolsepPt}pt}`);
  if (layout.guard) {
    // Measure the real tabular and shrink it only when it overruns the line: a float never sticks out.
    body.push(
      `\\ifdefined${BOX}\\else\\newsavebox{${BOX}}\\fi`,
      `\\sbox{${BOX}}{%`,
      ...tabular.slice(0, -1),
      `${tabular[tabular.length - 1]}}%`,
      `\\noindent\\ifdim\\wd${BOX}>\\linewidth\\resizebox{\\linewidth}{!}{\\usebox{${BOX}}}\\else\\usebox{${BOX}}\\fi`,
    );
  } else {
    body.push(...tabular);
  }

  const notes = (table.notes ?? []).map((n) => escapeFor(n, 'latex'));
  if (!float) {
    const comment = (t: string): string => `% ${t}`;
    return `${[head, comment(captionText(table)), ...body, ...notes.map(comment)].join('\n')}\n`;
  }
  const env = layout.environment;
  const lines = [head, `\\begin{${env}}[${placement}]`, '\\centering', `\\caption{${captionText(table)}}`];
  if (label) lines.push(`\\label{${label}}`);
  lines.push(...body);
  if (notes.length > 0) lines.push('\\par\\smallskip', ...notes.map((n) => `{\\footnotesize ${n}}\\par`));
  lines.push(`\\end{${env}}`);
  return `${lines.join('\n')}\n`;
}
