import {
  adjustLogits,
  argmaxRows,
  classCounts,
  glaLogits,
  outputEnsemble,
  perClassAccuracy,
  type Matrix,
} from '@gla/core';

/** Inputs of {@link perClassAccuracies}: the same settings `gla evaluate` scored the methods with. */
export interface PerClassInputs {
  labels: Int32Array;
  zeroShot: Matrix;
  fineTuned: Matrix;
  pretrainingPrior: ArrayLike<number>;
  downstreamPrior?: ArrayLike<number>;
  alpha: number;
  zeroShotTemperature: number;
  fineTunedTemperature: number;
  wiseFt: { alpha: number; logits: Matrix }[];
}

/**
 * Per-class accuracy (recall) of every method, one column each, computed from the methods' logits with core's
 * logit functions (an independent path from the fused scorer, used only on request: it forms N x K matrices).
 * Classes without a test sample get `undefined` (written as an empty cell, never NaN).
 */
export function perClassAccuracies(inputs: PerClassInputs): { columns: string[]; rows: (number | undefined)[][] } {
  const k = inputs.zeroShot.cols;
  const methods: [string, Matrix][] = [
    ['zero-shot', inputs.zeroShot],
    ['fine-tuned', inputs.fineTuned],
    [
      'debiased-zero-shot',
      adjustLogits(inputs.zeroShot, inputs.pretrainingPrior, { temperature: inputs.zeroShotTemperature }),
    ],
    [`ensemble-${inputs.alpha}`, outputEnsemble(inputs.zeroShot, inputs.fineTuned, inputs.alpha)],
    ...inputs.wiseFt.map((w): [string, Matrix] => [`wise-ft-${w.alpha}`, w.logits]),
    [
      'gla',
      glaLogits({
        zeroShot: inputs.zeroShot,
        fineTuned: inputs.fineTuned,
        pretrainingPrior: inputs.pretrainingPrior,
        downstreamPrior: inputs.downstreamPrior,
        zeroShotTemperature: inputs.zeroShotTemperature,
        fineTunedTemperature: inputs.fineTunedTemperature,
      }),
    ],
  ];
  const counts = classCounts(inputs.labels, k);
  const accuracies = methods.map(([, logits]) => perClassAccuracy(argmaxRows(logits), inputs.labels, k));
  const rows = Array.from({ length: k }, (_, j) => [
    j,
    counts[j],
    ...accuracies.map((a) => (Number.isNaN(a[j]) ? undefined : a[j])),
  ]);
  return { columns: ['class', 'test_samples', ...methods.map(([name]) => name)], rows };
}

/** The per-class table as CSV (accuracies as fractions; an empty cell for a class with no test sample). */
export function perClassCsv(table: { columns: string[]; rows: (number | undefined)[][] }): string {
  const lines = [table.columns.join(',')];
  for (const row of table.rows) lines.push(row.map((v) => (v === undefined ? '' : String(v))).join(','));
  return `${lines.join('\n')}\n`;
}
