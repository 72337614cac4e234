import type { ResultTable } from '../src/index.js';

/** Small table exercising n/a, mean±std, integers, escaping and CSV quoting. */
export function fewShotTable(): ResultTable {
  return {
    title: 'Few-shot ImageNet (RN50)',
    caption: 'Top-1 accuracy, mean ± std over 3 seeds.',
    columns: [
      { key: 'method', header: 'Method' },
      { key: 'shots', header: 'Shots', kind: 'number' },
      { key: 'acc', header: 'Top-1 (%)', kind: 'percent' },
      { key: 'paper', header: 'Paper (%)', kind: 'percent' },
    ],
    rows: [
      { method: 'Zero-shot', shots: 0, acc: 0.5818, paper: null },
      { method: 'GLA_v1 & 50% #1', shots: 1, acc: { mean: 0.6187, std: 0.0016, n: 3 }, paper: 0.6187 },
      { method: 'Ensemble, "output"', shots: 16, acc: 0.1 + 0.2 },
    ],
    notes: ['Paper cells we cannot verify are n/a.'],
  };
}

/** Two groups (datasets) of two methods each. */
export function groupedTable(): ResultTable {
  return {
    title: 'Grouped',
    columns: [
      { key: 'dataset', header: 'Dataset' },
      { key: 'method', header: 'Method' },
      { key: 'acc', header: 'Acc.', kind: 'percent', digits: 1 },
    ],
    rows: [
      { dataset: 'ImageNet', method: 'ZS', acc: 0.6 },
      { dataset: 'ImageNet', method: 'GLA', acc: 0.7 },
      { dataset: 'Caltech', method: 'ZS', acc: 0.9 },
      { dataset: 'Caltech', method: 'GLA', acc: 0.85 },
    ],
    groupBy: 'dataset',
  };
}
