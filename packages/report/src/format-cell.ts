import { escapeLatex } from './escape-latex.js';
import { isMeanStd, type Cell, type ResolvedColumn } from './result-table.js';

/** Output format a cell is written for; decides escaping and the ± symbol. */
export type CellTarget = 'markdown' | 'latex' | 'html' | 'plain';

/** How unknown cells (`null`, missing keys) are printed in every format. */
export const NOT_AVAILABLE = 'n/a';

const PLUS_MINUS: Record<CellTarget, string> = {
  markdown: ' ± ',
  latex: ' $\\pm$ ',
  html: ' ± ',
  plain: ' ± ',
};

/** LaTeX size of the `± std` part of a mean±std cell: script size keeps wide tables narrow, as papers do. */
export const LATEX_STD_SIZE = '\\scriptsize';

/** LaTeX: a leading minus as a math minus (`$-$0.87`), not a hyphen. */
function latexNumber(text: string): string {
  return text.startsWith('-') ? `$-$${text.slice(1)}` : text;
}

/**
 * Formats one number for a column: `percent` multiplies by 100 and shows
 * `digits` decimals (default 2); `number`/`text` show `digits` decimals
 * (default 3, or none for integers when `digits` is unset). `signed` adds `+`
 * to positive values. Negative zero prints without a sign; NaN prints as
 * `NaN`, infinities as `Inf`/`-Inf`. `unsigned` (default false) ignores `signed`.
 */
export function formatNumber(
  value: number,
  column: Pick<ResolvedColumn, 'kind' | 'digits' | 'signed'>,
  unsigned = false,
): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Inf' : '-Inf';
  const scaled = column.kind === 'percent' ? value * 100 : value;
  const digits = column.digits ?? (column.kind === 'percent' ? 2 : Number.isInteger(value) ? 0 : 3);
  let text = scaled.toFixed(digits);
  if (/^-0(\.0*)?$/.test(text)) text = text.slice(1);
  if (column.signed && !unsigned && scaled > 0 && !/^0(\.0*)?$/.test(text)) text = `+${text}`;
  return text;
}

function escapeText(text: string, target: CellTarget): string {
  switch (target) {
    case 'latex':
      return escapeLatex(text);
    case 'markdown':
      return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
    case 'html':
      return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    default:
      return text;
  }
}

/**
 * Formats one cell as display text for `target` (default `plain`): `null`
 * → `n/a`; numbers via {@link formatNumber}; `{mean, std}` → `61.87 ± 0.16`
 * (LaTeX: `61.87{\scriptsize\,$\pm$\,0.16}`, the spread in script size so wide
 * tables stay narrow), std never signed; LaTeX writes a leading minus as `$-$`;
 * strings are escaped for the target (Markdown pipes, LaTeX specials, HTML
 * entities).
 */
export function formatCell(
  cell: Cell,
  column: Pick<ResolvedColumn, 'kind' | 'digits' | 'signed'>,
  target: CellTarget = 'plain',
): string {
  if (cell === null) return NOT_AVAILABLE;
  if (typeof cell === 'number') {
    const text = formatNumber(cell, column);
    return target === 'latex' ? latexNumber(text) : text;
  }
  if (typeof cell === 'string') return escapeText(cell, target);
  if (isMeanStd(cell)) {
    const shared =
      column.digits === undefined && column.kind !== 'percent'
        ? { ...column, digits: Number.isInteger(cell.mean) && Number.isInteger(cell.std) ? 0 : 3 }
        : column;
    const mean = formatNumber(cell.mean, shared);
    const std = formatNumber(cell.std, shared, true);
    // `\,` rather than spaces: a space right after `\scriptsize` would end the command name and vanish.
    if (target === 'latex') return `${latexNumber(mean)}{${LATEX_STD_SIZE}\\,$\\pm$\\,${std}}`;
    return `${mean}${PLUS_MINUS[target]}${std}`;
  }
  return NOT_AVAILABLE;
}

/**
 * Escapes free text (titles, headers, notes) for `target`, the same way
 * string cells are escaped.
 */
export function escapeFor(text: string, target: CellTarget): string {
  return escapeText(text, target);
}
