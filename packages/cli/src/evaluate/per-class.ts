import { classCounts, METHOD_IDS, type MethodId } from '@gla/core';

/** Per-class accuracies of a run, as core's evaluateRun returns them with `perClass: true` (NaN: no test sample). */
export interface PerClassInputs {
  labels: Int32Array;
  classes: number;
  /** Per method of the registry. */
  methods: Partial<Record<MethodId, Float64Array>>;
  /** The registry's `wise-ft` method on the WiSE-FT logits of each alpha. */
  wiseFt: { alpha: number; perClass: Float64Array }[];
}

/**
 * Per-class accuracy (recall) of every method, one column each, named by the registry's ids in its order (WiSE-FT:
 * `wise-ft-<alpha>` per alpha). Classes without a test sample get `undefined` (written as an empty cell, never NaN).
 */
export function perClassAccuracies(inputs: PerClassInputs): { columns: string[]; rows: (number | undefined)[][] } {
  const k = inputs.classes;
  const columns: [string, Float64Array][] = [];
  for (const id of METHOD_IDS) {
    if (id === 'wise-ft') {
      for (const w of inputs.wiseFt) columns.push([`wise-ft-${w.alpha}`, w.perClass]);
      continue;
    }
    const values = inputs.methods[id];
    if (values) columns.push([id, values]);
  }
  const counts = classCounts(inputs.labels, k);
  const rows = Array.from({ length: k }, (_, j) => [
    j,
    counts[j],
    ...columns.map(([, a]) => (Number.isNaN(a[j]) ? undefined : a[j])),
  ]);
  return { columns: ['class', 'test_samples', ...columns.map(([name]) => name)], rows };
}

/** The per-class table as CSV (accuracies as fractions; an empty cell for a class with no test sample). */
export function perClassCsv(table: { columns: string[]; rows: (number | undefined)[][] }): string {
  const lines = [table.columns.join(',')];
  for (const row of table.rows) lines.push(row.map((v) => (v === undefined ? '' : String(v))).join(','));
  return `${lines.join('\n')}\n`;
}
