import { formatNumber } from './format-cell.js';
import { cellAt, cellValue, repeatedGroupFlags, resolveColumns, type ResultTable } from './result-table.js';

/** Column key → indices of the rows whose cell is best in that column. */
export type BestCells = Map<string, Set<number>>;

/**
 * Finds the best cell of every column whose `best` is `max` or `min`
 * (default: `max` for `percent` columns, none otherwise). Compares the mean
 * of mean±std cells; ignores `null` and text. Ties at the printed precision
 * are all best. With `groupBy`, the best is found within each group (a run
 * of equal consecutive group values). Columns with fewer than two numbers
 * get no best (nothing to compare). Rows listed in `unrankedRows` never compete.
 */
export function bestCells(table: ResultTable): BestCells {
  const columns = resolveColumns(table);
  const repeated = repeatedGroupFlags(table);
  const groups: number[][] = [];
  table.rows.forEach((_, i) => {
    if (i === 0 || (table.groupBy !== undefined && !repeated[i])) groups.push([]);
    groups[groups.length - 1].push(i);
  });
  const unranked = new Set(table.unrankedRows ?? []);
  const result: BestCells = new Map();
  for (const col of columns) {
    if (col.best === 'none') continue;
    const winners = new Set<number>();
    for (const group of groups) {
      const candidates = group
        .filter((i) => !unranked.has(i))
        .map((i) => ({ i, v: cellValue(cellAt(table.rows[i], col.key)) }))
        .filter((c): c is { i: number; v: number } => c.v !== null && Number.isFinite(c.v));
      if (candidates.length < 2) continue;
      const target =
        col.best === 'max' ? Math.max(...candidates.map((c) => c.v)) : Math.min(...candidates.map((c) => c.v));
      const shown = formatNumber(target, col, true);
      for (const c of candidates) if (formatNumber(c.v, col, true) === shown) winners.add(c.i);
    }
    if (winners.size > 0) result.set(col.key, winners);
  }
  return result;
}

/** True when row `row` of column `key` is in `best`. */
export function isBest(best: BestCells | undefined, key: string, row: number): boolean {
  return best?.get(key)?.has(row) ?? false;
}
