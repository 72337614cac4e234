import { resolveColumns, type ResultTable } from './result-table.js';

/**
 * Renders the table as pretty JSON (2-space indent, trailing newline):
 * `{title, caption?, columns, rows, notes?, groupBy?}` with every column
 * default filled in (`kind`, `signed`, `best`; `digits` only when set).
 * Cells are raw values (fractions, `{mean, std, n}` objects); `null` and
 * missing keys become `null`. Non-finite numbers become `null` (JSON has no
 * NaN), so check tables before writing if that matters.
 */
export function toJson(table: ResultTable): string {
  const columns = resolveColumns(table);
  const out = {
    title: table.title,
    ...(table.caption !== undefined ? { caption: table.caption } : {}),
    columns: columns.map((c) => ({
      key: c.key,
      header: c.header,
      kind: c.kind,
      ...(c.digits !== undefined ? { digits: c.digits } : {}),
      signed: c.signed,
      best: c.best,
    })),
    rows: table.rows.map((row) => Object.fromEntries(columns.map((c) => [c.key, row[c.key] ?? null]))),
    ...(table.notes !== undefined ? { notes: table.notes } : {}),
    ...(table.groupBy !== undefined ? { groupBy: table.groupBy } : {}),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
