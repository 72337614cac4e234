import type { ResultTable } from '@gla/report';

/**
 * A result table as aligned plain-text lines for a terminal: text columns left-aligned, numbers right-aligned,
 * percent columns as percentages with 2 decimals, n/a for a missing value; the notes follow, one per line.
 */
export function terminalTable(table: ResultTable): string[] {
  const columns = table.columns;
  const cells = table.rows.map((row) =>
    columns.map((c) => {
      const v = row[c.key];
      if (typeof v === 'number' && Number.isFinite(v)) {
        return c.kind === 'percent' ? (100 * v).toFixed(c.digits ?? 2) : String(v);
      }
      return typeof v === 'string' ? v : 'n/a';
    }),
  );
  const widths = columns.map((c, j) => Math.max(c.header.length, ...cells.map((r) => r[j].length)));
  const align = (text: string, j: number) =>
    columns[j].kind === 'text' ? text.padEnd(widths[j]) : text.padStart(widths[j]);
  const line = (values: string[]) => values.map(align).join('  ').trimEnd();
  return [
    line(columns.map((c) => c.header)),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map(line),
    ...(table.notes ?? []),
  ];
}
