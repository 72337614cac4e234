import { messages } from './messages.js';

/** Mean and spread over repeated runs (e.g. 3 seeds); `std` uses the caller's convention. */
export interface MeanStd {
  mean: number;
  std: number;
  n: number;
}

/**
 * One table cell. Numbers of `percent` columns are fractions in [0, 1].
 * `null` means "unknown" and always prints as `n/a` (never blank, never 0).
 */
export type Cell = number | string | null | MeanStd;

/** How a column's numbers are shown. */
export type ColumnKind = 'percent' | 'number' | 'text';

/** Which value counts as best when bolding; `none` disables bolding for the column. */
export type BestDirection = 'max' | 'min' | 'none';

/** One column of a {@link ResultTable}. */
export interface ColumnSpec {
  /** Field name in each row; also the CSV column name. */
  key: string;
  /** Human-readable header (Markdown, LaTeX, HTML). */
  header: string;
  /**
   * Display kind. Default: inferred — `text` when the column holds no numbers
   * (nor mean±std cells), otherwise `number`. Accuracies should say `percent`.
   */
  kind?: ColumnKind;
  /**
   * Decimals shown. Default 2 for `percent` (fraction × 100); 3 for `number`,
   * except that integers print without decimals when `digits` is not given.
   */
  digits?: number;
  /** Prefix positive numbers with `+` (used for differences). Default false. */
  signed?: boolean;
  /** Which value is best when bolding. Default `max` for `percent` columns, `none` otherwise. */
  best?: BestDirection;
}

/** A result table: pure data, rendered by `toMarkdown`, `toCsv`, `toLatex`, `toJson`, `toHtml`. */
export interface ResultTable {
  title: string;
  caption?: string;
  columns: ColumnSpec[];
  rows: Record<string, Cell>[];
  /** Printed below the table, one per line. */
  notes?: string[];
  /**
   * Key of a column whose consecutive equal values form a group: in
   * Markdown, LaTeX and HTML the value is shown only on the group's first row,
   * LaTeX separates groups with `\midrule`, and "best" is computed per group.
   * CSV and JSON keep every value. Default: no grouping.
   */
  groupBy?: string;
  /**
   * Indices of rows that are shown but never marked best: an oracle such as a simulation's true pre-training
   * prior, which uses what no real run can know. Default: none.
   */
  unrankedRows?: number[];
}

/** A column with every default filled in. */
export interface ResolvedColumn {
  key: string;
  header: string;
  kind: ColumnKind;
  digits: number | undefined;
  signed: boolean;
  best: BestDirection;
}

/** True when `cell` is a `{mean, std, n}` object. */
export function isMeanStd(cell: Cell | undefined): cell is MeanStd {
  return typeof cell === 'object' && cell !== null && typeof (cell as MeanStd).mean === 'number';
}

/** The number a cell stands for (the mean of a mean±std cell), or null for text/unknown cells. */
export function cellValue(cell: Cell | undefined): number | null {
  if (typeof cell === 'number') return cell;
  if (isMeanStd(cell)) return cell.mean;
  return null;
}

function isCell(value: unknown): value is Cell {
  if (value === null || typeof value === 'number' || typeof value === 'string') return true;
  if (typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.mean === 'number' && typeof v.std === 'number' && typeof v.n === 'number';
}

/**
 * Checks a table's shape and throws a readable error on the first problem:
 * unique non-empty column keys, row keys that are columns, valid cells,
 * digits in 0..20, an existing `groupBy` column and `unrankedRows` that are row indices. Missing row keys are
 * allowed (they print as `n/a`). Returns the table for chaining.
 */
export function validateResultTable(table: ResultTable): ResultTable {
  const seen = new Set<string>();
  for (const col of table.columns) {
    if (typeof col.key !== 'string' || col.key === '') throw new Error(messages.badColumnKey(table.title));
    if (seen.has(col.key)) throw new Error(messages.duplicateColumn(table.title, col.key));
    seen.add(col.key);
    if (col.digits !== undefined && !(Number.isInteger(col.digits) && col.digits >= 0 && col.digits <= 20)) {
      throw new Error(messages.badDigits(table.title, col.key));
    }
  }
  table.rows.forEach((row, i) => {
    for (const [key, value] of Object.entries(row)) {
      if (!seen.has(key)) throw new Error(messages.unknownRowKey(table.title, i, key));
      if (!isCell(value)) throw new Error(messages.badCell(table.title, i, key));
    }
  });
  if (table.groupBy !== undefined && !seen.has(table.groupBy)) {
    throw new Error(messages.unknownGroupBy(table.title, table.groupBy));
  }
  for (const i of table.unrankedRows ?? []) {
    if (!(Number.isInteger(i) && i >= 0 && i < table.rows.length))
      throw new Error(messages.badUnrankedRow(table.title, i));
  }
  return table;
}

/**
 * Fills in every column default (see {@link ColumnSpec}) after validating the table.
 */
export function resolveColumns(table: ResultTable): ResolvedColumn[] {
  validateResultTable(table);
  return table.columns.map((col) => {
    const numeric = table.rows.some((r) => cellValue(r[col.key]) !== null);
    const kind: ColumnKind = col.kind ?? (numeric ? 'number' : 'text');
    return {
      key: col.key,
      header: col.header,
      kind,
      digits: col.digits,
      signed: col.signed ?? false,
      best: col.best ?? (kind === 'percent' ? 'max' : 'none'),
    };
  });
}

/** The cell of `row` at `key`, with a missing key read as `null`. */
export function cellAt(row: Record<string, Cell>, key: string): Cell {
  const v = row[key];
  return v === undefined ? null : v;
}

/**
 * For each row, whether its `groupBy` value repeats the previous row's value
 * (so renderers may leave it out). All false when the table has no `groupBy`.
 */
export function repeatedGroupFlags(table: ResultTable): boolean[] {
  const key = table.groupBy;
  if (key === undefined) return table.rows.map(() => false);
  return table.rows.map((row, i) => i > 0 && sameCell(cellAt(row, key), cellAt(table.rows[i - 1], key)));
}

function sameCell(a: Cell, b: Cell): boolean {
  if (isMeanStd(a) || isMeanStd(b)) return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}
