/**
 * User-facing messages of `@gla/report`. Every error text the package
 * throws is built here, so wording stays consistent and testable.
 */
export const messages = {
  /** A column key appears twice in one table. */
  duplicateColumn: (table: string, key: string): string =>
    `Table "${table}": column key "${key}" is used more than once.`,
  /** A column key is empty or not a string. */
  badColumnKey: (table: string): string => `Table "${table}": every column needs a non-empty string key.`,
  /** A row carries a key that has no column. */
  unknownRowKey: (table: string, row: number, key: string): string =>
    `Table "${table}": row ${row} has a value for "${key}", which is not a column.`,
  /** A cell is not one of the accepted shapes. */
  badCell: (table: string, row: number, key: string): string =>
    `Table "${table}": row ${row}, column "${key}" must be a number, a string, null or {mean, std, n}.`,
  /** `digits` is not a small non-negative integer. */
  badDigits: (table: string, key: string): string => `Table "${table}": column "${key}" has digits outside 0..20.`,
  /** `groupBy` names a missing column. */
  unknownGroupBy: (table: string, key: string): string => `Table "${table}": groupBy "${key}" is not a column.`,
  badUnrankedRow: (table: string, index: number): string =>
    `Table "${table}": unrankedRows holds ${index}, which is not a row index.`,
  /** Flattened CSV names collide (e.g. "acc_mean" next to a mean±std "acc"). */
  csvNameClash: (table: string, name: string): string =>
    `Table "${table}": CSV column "${name}" would be written twice; rename a column.`,
  /** The row key of a paper comparison is missing from the table. */
  unknownRowKeyColumn: (table: string, key: string): string =>
    `Table "${table}": row key column "${key}" does not exist.`,
  /** Two rows share the same row key in a paper comparison. */
  duplicateRowId: (table: string, id: string): string => `Table "${table}": more than one row has the row key "${id}".`,
  /** A moving-average window is not a positive integer. */
  badWindow: (window: number): string => `Moving-average window must be a positive integer, got ${window}.`,
  /** A plot builder got no data. */
  emptyPlotData: (plot: string): string => `${plot}: no data to plot.`,
  /** A plot record carries a non-finite number. */
  nonFinitePlotValue: (plot: string, field: string, index: number): string =>
    `${plot}: record ${index} has a non-finite "${field}".`,
  /** Alpha curve: a point lacks the accuracy of a shifted test set that has a panel. */
  missingShiftValue: (plot: string, shift: string, index: number): string =>
    shift === ''
      ? `${plot}: record ${index} has a non-finite "shifted".`
      : `${plot}: record ${index} has no finite accuracy for the shifted test set "${shift}".`,
  /** Prior scatter: a log prior must be finite (prior > 0). */
  nonPositivePrior: (plot: string, index: number): string =>
    `${plot}: record ${index} has a prior that is not positive and finite.`,
  /** A PNG scale that is not a positive finite number. */
  badScale: (scale: number): string => `PNG scale must be a positive finite number, got ${scale}.`,
  /** A character that escapeLatex has no pdflatex form for. */
  unsupportedLatexCharacter: (text: string, ch: string): string =>
    `LaTeX: no pdflatex form for "${ch}" (U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}) in "${text}"; add it to escape-latex.ts or avoid it.`,
  /** A base name that would escape the output directory. */
  badBaseName: (name: string): string =>
    `Output base name "${name}" must be a plain file name (no path separators, not empty).`,
} as const;
