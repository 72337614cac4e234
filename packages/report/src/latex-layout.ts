import { estimateTextWidthPt, TABCOLSEP_PT } from './latex-width.js';

/** `\columnwidth` of the common two-column formats (ICML, CVPR: 3.25 in), in pt. */
export const COLUMN_WIDTH_PT = 234;

/** A table up to this factor wider than a column stays one column wide, shrunk by at most 13 %. */
export const COLUMN_SLACK = 1.15;

/** `\textwidth` of the common two-column formats (6.75 in), in pt; wider tables get tighter columns. */
export const PAGE_WIDTH_PT = 487;

/** How {@link toLatex} makes a table fit. */
export type LatexFit = 'auto' | 'column' | 'page' | 'none';

/** The layout {@link toLatex} chose for a table. */
export interface LatexLayout {
  /** Float environment: `table` (one column) or `table*` (spans both columns of a two-column page). */
  environment: 'table' | 'table*';
  /** Estimated natural width of the tabular in pt, after any header split. */
  widthPt: number;
  /** Per column: the header on one line, or split into two lines to narrow the column. */
  headerLines: string[][];
  /** Column padding in pt: 6 (LaTeX's default) or 4 for tables wider than a page. */
  tabcolsepPt: number;
  /** Whether the tabular is measured and scaled down to `\linewidth` when wider (needs graphicx). */
  guard: boolean;
}

/** The two-line split of `text` at a space with the narrowest widest line, or none when no split narrows it. */
export function splitHeader(text: string): string[] {
  const words = text.split(' ');
  let best: string[] = [text];
  let bestWidth = estimateTextWidthPt(text);
  for (let i = 1; i < words.length; i++) {
    const lines = [words.slice(0, i).join(' '), words.slice(i).join(' ')];
    const width = Math.max(...lines.map((l) => estimateTextWidthPt(l)));
    if (width < bestWidth) {
      best = lines;
      bestWidth = width;
    }
  }
  return best;
}

/**
 * Chooses how a table is set, from its headers (display text) and the
 * estimated widths in pt of its body cells (`cellWidths[j]` holds column j's,
 * see `estimateTextWidthPt`). The natural width is the widest cell of each column plus
 * `\tabcolsep` on both sides. When it exceeds {@link COLUMN_WIDTH_PT}, headers
 * wider than their column's cells are split onto two lines; if it still
 * does not fit within {@link COLUMN_SLACK} times the column, `auto` (the default) sets the table as
 * `table*` (full page width), and beyond {@link PAGE_WIDTH_PT} also narrows the column padding
 * to 4 pt. `column` and `page` force `table` / `table*`. Except with `none`,
 * the LaTeX measures the real tabular and scales it down to `\linewidth`
 * only when it is still too wide, so a table never overruns its column.
 */
export function latexLayout(
  headers: readonly string[],
  cellWidths: readonly (readonly number[])[],
  fit: LatexFit = 'auto',
): LatexLayout {
  const bodyWidth = headers.map((_, j) => Math.max(0, ...(cellWidths[j] ?? [])));
  const total = (lines: string[][], pad: number): number =>
    lines.reduce((sum, l, j) => sum + Math.max(bodyWidth[j], ...l.map((t) => estimateTextWidthPt(t))) + 2 * pad, 0);
  let headerLines = headers.map((h) => [h]);
  let widthPt = total(headerLines, TABCOLSEP_PT);
  if (fit !== 'none' && widthPt > COLUMN_WIDTH_PT) {
    headerLines = headers.map((h, j) => (estimateTextWidthPt(h) > bodyWidth[j] ? splitHeader(h) : [h]));
    widthPt = total(headerLines, TABCOLSEP_PT);
  }
  const wide = fit === 'page' || (fit === 'auto' && widthPt > COLUMN_WIDTH_PT * COLUMN_SLACK);
  const tabcolsepPt = fit === 'auto' && widthPt > PAGE_WIDTH_PT ? 4 : TABCOLSEP_PT;
  if (tabcolsepPt !== TABCOLSEP_PT) widthPt = total(headerLines, tabcolsepPt);
  return {
    environment: wide ? 'table*' : 'table',
    widthPt,
    headerLines,
    tabcolsepPt,
    guard: fit !== 'none',
  };
}
