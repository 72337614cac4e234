import { messages } from './messages.js';
import { cellAt, cellValue, resolveColumns, type Cell, type ColumnSpec, type ResultTable } from './result-table.js';

/** Options of {@link compareWithPaper}. */
export interface PaperComparisonOptions {
  /** Column whose value identifies a row in both tables. Default: the first column of `ours`. */
  rowKey?: string;
  /** Keys to compare. Default: every non-text column of `ours` except `rowKey`. */
  compare?: string[];
  /** Header suffixes. Defaults: `(ours)`, `(paper)`, `Δ`. */
  labels?: { ours?: string; paper?: string; difference?: string };
  /** Title of the result. Default: `<ours.title> — ours vs. paper`. */
  title?: string;
}

function rowId(cell: Cell): string {
  return cell === null ? 'n/a' : typeof cell === 'object' ? JSON.stringify(cell) : String(cell);
}

function indexRows(table: ResultTable, key: string): Map<string, Record<string, Cell>> {
  const index = new Map<string, Record<string, Cell>>();
  for (const row of table.rows) {
    const id = rowId(cellAt(row, key));
    if (index.has(id)) throw new Error(messages.duplicateRowId(table.title, id));
    index.set(id, row);
  }
  return index;
}

/**
 * The difference `ours − paper` of two cells (means for mean±std cells), or
 * `null` when either side is unknown or not a number.
 */
export function cellDifference(ours: Cell, paper: Cell): number | null {
  const a = cellValue(ours);
  const b = cellValue(paper);
  return a === null || b === null ? null : a - b;
}

/**
 * Builds a side-by-side table of our results and the paper's. Rows are
 * matched on `rowKey`; rows only in the paper are appended (ours `n/a`).
 * For each compared column `k` the result has `k_ours`, `k_paper` and
 * `k_diff` (= ours − paper, same kind and digits, signed, `n/a` when either
 * side is `null`). Other text columns of `ours` are kept. Both tables store
 * the same units (fractions for `percent`), so a percent difference prints
 * in percentage points. Notes of both tables are kept, plus one explaining Δ.
 */
export function compareWithPaper(
  ours: ResultTable,
  paper: ResultTable,
  options: PaperComparisonOptions = {},
): ResultTable {
  const columns = resolveColumns(ours);
  resolveColumns(paper);
  const rowKey = options.rowKey ?? columns[0]?.key;
  if (rowKey === undefined || !columns.some((c) => c.key === rowKey)) {
    throw new Error(messages.unknownRowKeyColumn(ours.title, String(rowKey)));
  }
  if (!paper.columns.some((c) => c.key === rowKey)) throw new Error(messages.unknownRowKeyColumn(paper.title, rowKey));
  const compare = new Set(
    options.compare ?? columns.filter((c) => c.kind !== 'text' && c.key !== rowKey).map((c) => c.key),
  );
  const labels = { ours: '(ours)', paper: '(paper)', difference: 'Δ', ...options.labels };

  const outColumns: ColumnSpec[] = [];
  for (const c of columns) {
    const spec = ours.columns.find((s) => s.key === c.key) as ColumnSpec;
    if (!compare.has(c.key)) {
      if (c.key === rowKey || c.kind === 'text') outColumns.push({ ...spec });
      continue;
    }
    const base = { kind: c.kind, ...(c.digits !== undefined ? { digits: c.digits } : {}) };
    outColumns.push(
      { ...base, key: `${c.key}_ours`, header: `${c.header} ${labels.ours}`, best: c.best },
      { ...base, key: `${c.key}_paper`, header: `${c.header} ${labels.paper}`, best: 'none' },
      { ...base, key: `${c.key}_diff`, header: `${c.header} ${labels.difference}`, signed: true, best: 'none' },
    );
  }

  const paperRows = indexRows(paper, rowKey);
  const ourRows = indexRows(ours, rowKey);
  const ids = [...ourRows.keys(), ...[...paperRows.keys()].filter((id) => !ourRows.has(id))];
  const rows = ids.map((id) => {
    const mine = ourRows.get(id) ?? { [rowKey]: cellAt(paperRows.get(id) ?? {}, rowKey) };
    const theirs = paperRows.get(id) ?? {};
    const out: Record<string, Cell> = {};
    for (const c of columns) {
      if (!compare.has(c.key)) {
        if (c.key === rowKey || c.kind === 'text') out[c.key] = cellAt(mine, c.key);
        continue;
      }
      const a = cellAt(mine, c.key);
      const b = paper.columns.some((s) => s.key === c.key) ? cellAt(theirs, c.key) : null;
      out[`${c.key}_ours`] = a;
      out[`${c.key}_paper`] = b;
      out[`${c.key}_diff`] = cellDifference(a, b);
    }
    return out;
  });

  const keptGroup =
    ours.groupBy !== undefined && outColumns.some((c) => c.key === ours.groupBy) ? ours.groupBy : undefined;
  const unit = columns.some((c) => compare.has(c.key) && c.kind === 'percent')
    ? ' (percentage points for accuracies)'
    : '';
  return {
    title: options.title ?? `${ours.title} — ours vs. paper`,
    ...(ours.caption !== undefined ? { caption: ours.caption } : {}),
    columns: outColumns,
    rows,
    notes: [
      ...(ours.notes ?? []),
      ...(paper.notes ?? []),
      `${labels.difference} = ours − paper${unit}; n/a where either value is unknown.`,
    ],
    ...(keptGroup !== undefined ? { groupBy: keptGroup } : {}),
  };
}
