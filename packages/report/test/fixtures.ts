import { compareWithPaper, type ResultTable } from '../src/index.js';

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

/**
 * The few-shot layout against the paper: 5 shot counts x (ours, paper, difference), mean ± std cells,
 * as `compareWithPaper` builds it. Far wider than a column.
 */
export function fewShotVsPaperTable(): ResultTable {
  const shots = [1, 2, 4, 8, 16];
  const columns = [
    { key: 'method', header: 'Method' },
    ...shots.map((s) => ({ key: `s${s}`, header: `${s}-shot`, kind: 'percent' as const })),
  ];
  const methods = ['Zero-shot CLIP', 'Prompt tuning (CoOp)', 'WiSE-FT (α = 0.5)', 'GLA (ours)'];
  const ours: ResultTable = {
    title: 'Few-shot ImageNet, RN50',
    caption: 'Top-1 accuracy (%), mean ± std over 3 seeds.',
    columns,
    rows: methods.map((method, m) => ({
      method,
      ...Object.fromEntries(
        shots.map((s, k) => [`s${s}`, { mean: 0.58 + 0.01 * m + 0.012 * k, std: 0.001 + 0.0005 * k, n: 3 }]),
      ),
    })),
  };
  const paper: ResultTable = {
    title: 'paper',
    columns,
    rows: methods.map((method, m) => ({
      method,
      ...Object.fromEntries(shots.map((s, k) => [`s${s}`, m === 3 ? 0.6187 + 0.01 * k : null])),
    })),
  };
  return compareWithPaper(ours, paper);
}

/** Long multi-word headers and the symbols that broke pdflatex before (π, ‖, <, >, accents). */
export function priorRecoveryTable(): ResultTable {
  return {
    title: 'Prior recovery: estimated q vs the true pre-training prior πₚ',
    columns: [
      { key: 'prior', header: 'Prior' },
      { key: 'spearman', header: 'Spearman ρ', kind: 'number', digits: 4, best: 'max' },
      { key: 'kl', header: 'KL(true ‖ q)', kind: 'number', digits: 4, best: 'min' },
      { key: 'ratio', header: 'max / min', kind: 'number', digits: 1 },
      { key: 'certificate', header: 'Certificate', kind: 'text' },
      { key: 'iterations', header: 'Iterations', kind: 'number' },
      { key: 'converged', header: 'Converged' },
      { key: 'sum', header: 'Sum of q as returned', kind: 'number', digits: 4 },
    ],
    rows: [
      {
        prior: 'Exact solver (Newton-CG)',
        spearman: 0.819,
        kl: 0.1887,
        ratio: 425.4,
        certificate: '5.73e-10',
        iterations: 5,
        converged: 'yes',
        sum: 1,
      },
      {
        prior: 'Paper solver (SGD, 1000 steps)',
        spearman: 0.8393,
        kl: 0.743,
        ratio: 2.2,
        certificate: '1.78e-2',
        iterations: 1000,
        converged: 'no',
        sum: 0.9913,
      },
      { prior: 'True prior πₚ', spearman: 1, kl: 0, ratio: 100, certificate: null, iterations: null, converged: null },
    ],
    notes: [
      'Many (> 100 images), medium (20–100), few (< 20); log πₛ is removed from the fine-tuned logits.',
      'Certificate = max_j |mean_i p_ij − freq_j| on the estimation set (0 at the optimum); crème brûlée is a class.',
    ],
  };
}
