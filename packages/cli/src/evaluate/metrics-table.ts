import type { MethodMetrics } from '@gla/core';
import type { ResultTable } from '@gla/report';
import { LEADING_METHODS, METHOD_LABELS, type AlphaMetrics, type MetricsFile } from './metrics-file.js';

/**
 * The metrics as one report table (accuracies as fractions, printed as percentages): zero-shot, fine-tuned,
 * debiased zero-shot, the output ensemble, WiSE-FT at each alpha, the output-ensemble sweep, GLA. The best alpha of
 * WiSE-FT and of the sweep (by top-1) is marked "(best)".
 */
export function metricsTable(file: MetricsFile): ResultTable {
  const alphaRow = (family: string, entry: AlphaMetrics) => ({
    method: `${family} (alpha = ${entry.alpha}${entry.best && familySize(file, family) > 1 ? ', best' : ''})`,
    ...pick(entry.metrics),
  });
  const t = file.temperatures;
  return {
    title: 'GLA evaluation',
    columns: [
      { key: 'method', header: 'Method', kind: 'text' },
      { key: 'top1', header: 'Top-1', kind: 'percent' },
      { key: 'head', header: 'Head', kind: 'percent' },
      { key: 'medium', header: 'Medium', kind: 'percent' },
      { key: 'tail', header: 'Tail', kind: 'percent' },
      { key: 'ece', header: 'ECE', kind: 'percent', best: 'min' },
    ],
    rows: [
      ...LEADING_METHODS.map((name) => ({
        method: name === 'ensemble' ? `${METHOD_LABELS[name]} (alpha = ${file.alpha})` : METHOD_LABELS[name],
        ...pick(file.methods[name]),
      })),
      ...file.wiseFt.map((e) => alphaRow('WiSE-FT', e)),
      ...file.sweep.map((e) => alphaRow('Output ensemble', e)),
      { method: METHOD_LABELS.gla, ...pick(file.methods.gla) },
    ],
    notes: [
      `${file.samples} test samples, ${file.classes} classes; head / medium / tail: ${file.groups}.`,
      `Zero-shot temperature T = ${formatT(t.zeroShot.value)} (${t.zeroShot.source}${t.zeroShot.rule ? `, ${t.zeroShot.rule}` : ''}), fine-tuned T = ${formatT(t.fineTuned.value)} (${t.fineTuned.source}), applied in debiased zero-shot and GLA; downstream prior: ${file.downstreamPrior}.`,
    ],
  };
}

function familySize(file: MetricsFile, family: string): number {
  return family === 'WiSE-FT' ? file.wiseFt.length : file.sweep.length;
}

function formatT(value: number): string {
  return Number(value.toPrecision(6)).toString();
}

/** The table's cells of one method; a value that does not exist (an empty group) is null, shown as n/a. */
function pick(m: MethodMetrics) {
  const cell = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);
  return { top1: cell(m.top1), head: cell(m.head), medium: cell(m.medium), tail: cell(m.tail), ece: cell(m.ece) };
}
