import { METHOD_IDS, methodLabel, type MethodMetrics } from '@gla/core';
import type { ResultTable } from '@gla/report';
import type { AlphaMetrics, MetricsFile } from './metrics-file.js';

/**
 * The metrics as one report table (accuracies as fractions, printed as percentages), rows labelled by the method
 * registry in its order: the WiSE-FT rows (one per alpha) stand where the registry puts WiSE-FT, the output-ensemble
 * sweep follows the output ensemble. The best alpha of WiSE-FT and of the sweep (by top-1) is marked "best".
 */
export function metricsTable(file: MetricsFile): ResultTable {
  const alphaRow = (id: 'wise-ft' | 'output-ensemble', entry: AlphaMetrics, family: AlphaMetrics[]) => ({
    method: methodLabel(id, entry.alpha).replace(/\)$/, entry.best && family.length > 1 ? ', best)' : ')'),
    ...pick(entry.metrics),
  });
  const rows: Record<string, unknown>[] = [];
  for (const id of METHOD_IDS) {
    if (id === 'wise-ft') {
      rows.push(...file.wiseFt.map((e) => alphaRow('wise-ft', e, file.wiseFt)));
      continue;
    }
    const m = file.methods[id];
    if (m) rows.push({ method: methodLabel(id, file.alpha), ...pick(m) });
    if (id === 'output-ensemble') rows.push(...file.sweep.map((e) => alphaRow('output-ensemble', e, file.sweep)));
  }
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
    rows: rows as ResultTable['rows'],
    notes: [
      `${file.samples} test samples, ${file.classes} classes; head / medium / tail: ${file.groups}.`,
      `Zero-shot temperature T = ${formatT(t.zeroShot.value)} (${t.zeroShot.source}${t.zeroShot.rule ? `, ${t.zeroShot.rule}` : ''}), fine-tuned T = ${formatT(t.fineTuned.value)} (${t.fineTuned.source}), applied in ${t.zeroShot.appliesTo.map((id) => (METHOD_IDS.includes(id as never) ? methodLabel(id as never) : id)).join(' and ')}; downstream prior: ${file.downstreamPrior}.`,
    ],
  };
}

function formatT(value: number): string {
  return Number(value.toPrecision(6)).toString();
}

/** The table's cells of one method; a value that does not exist (an empty group) is null, shown as n/a. */
function pick(m: MethodMetrics) {
  const cell = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);
  return { top1: cell(m.top1), head: cell(m.head), medium: cell(m.medium), tail: cell(m.tail), ece: cell(m.ece) };
}
