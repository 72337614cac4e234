import { from, toCSV } from 'arquero';
import { NOT_AVAILABLE } from './format-cell.js';
import { messages } from './messages.js';
import { cellAt, isMeanStd, resolveColumns, type ResultTable } from './result-table.js';

type Flat = string | number | null;

/**
 * The machine-readable column names of a table: a column holding any
 * mean±std cell becomes `<key>_mean`, `<key>_std`, `<key>_n`; others keep
 * their key. Throws when two names would clash.
 */
export function csvColumnNames(table: ResultTable): string[] {
  const names: string[] = [];
  for (const col of resolveColumns(table)) {
    const split = table.rows.some((r) => isMeanStd(cellAt(r, col.key)));
    names.push(...(split ? [`${col.key}_mean`, `${col.key}_std`, `${col.key}_n`] : [col.key]));
  }
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new Error(messages.csvNameClash(table.title, n));
    seen.add(n);
  }
  return names;
}

/**
 * The rows of a table flattened to the {@link csvColumnNames} (raw values:
 * fractions stay fractions, nothing is rounded). A plain number in a
 * mean±std column fills `_mean` and leaves `_std`/`_n` null.
 */
export function flattenRows(table: ResultTable): Record<string, Flat>[] {
  const columns = resolveColumns(table);
  const split = new Set(columns.filter((c) => table.rows.some((r) => isMeanStd(cellAt(r, c.key)))).map((c) => c.key));
  return table.rows.map((row) => {
    const flat: Record<string, Flat> = {};
    for (const col of columns) {
      const cell = cellAt(row, col.key);
      if (!split.has(col.key)) {
        flat[col.key] = isMeanStd(cell) ? cell.mean : cell;
      } else if (isMeanStd(cell)) {
        flat[`${col.key}_mean`] = cell.mean;
        flat[`${col.key}_std`] = cell.std;
        flat[`${col.key}_n`] = cell.n;
      } else {
        flat[`${col.key}_mean`] = cell;
        flat[`${col.key}_std`] = null;
        flat[`${col.key}_n`] = null;
      }
    }
    return flat;
  });
}

/**
 * Renders CSV for machines: header = column keys (see {@link csvColumnNames}),
 * numbers at full precision (shortest round-trip form, fractions not scaled),
 * unknown values as `n/a` (pandas reads it as NaN by default), RFC 4180
 * quoting (fields with `,` `"` or line breaks are quoted, quotes doubled).
 * Lines end with `\n`; the text ends with one newline. Title, caption and
 * notes are not part of the CSV (they are in the JSON form).
 */
export function toCsv(table: ResultTable): string {
  const names = csvColumnNames(table);
  const frame = from(flattenRows(table), names);
  const format = Object.fromEntries(
    names.map((n) => [n, (v: Flat | undefined) => (v === null || v === undefined ? NOT_AVAILABLE : v)]),
  );
  return toCSV(frame, { columns: names, format });
}
