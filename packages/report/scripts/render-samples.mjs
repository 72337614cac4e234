// Renders every plot and table layout of @gla/report from made-up, deterministic numbers, so a person can look
// at them (PNG, SVG, .tex, index.html) after a change. Not part of the build or the tests.
// Usage: pnpm --filter @gla/report build && node packages/report/scripts/render-samples.mjs [out-dir]
// With pdflatex and pdftoppm installed it also compiles all tables into tables.pdf and tables-<page>.png.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  alphaCurvePlot,
  compareWithPaper,
  fewShotCurvePlot,
  latexDocument,
  perClassAccuracyPlot,
  priorScatterPlot,
  toLatex,
  writePlotFiles,
  writeReportFiles,
  writeTableFiles,
} from '../dist/index.js';

const out = resolve(process.argv[2] ?? '/tmp/gla-report-samples');
mkdirSync(out, { recursive: true });

// A small deterministic pseudo-random sequence (no Math.random: the samples are the same every run).
let state = 42;
const rand = () => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state / 2147483648;
};

const K = 100;
const prior = Array.from({ length: K }, (_, c) => 1 / (c + 1));
const methods = [
  ['Zero-shot', (r) => 0.95 - 0.45 * r],
  ['Fine-tuned', (r) => 0.86 - 0.02 * r],
  ['WiSE-FT (α = 0.5, weight space)', (r) => 0.9 - 0.18 * r],
  ['Output ensemble (α = 0.5)', (r) => 0.89 - 0.15 * r],
  ['GLA (exact q)', () => 0.86],
];
const perClass = methods.flatMap(([method, f]) =>
  prior.map((p, c) => ({
    method,
    classIndex: c,
    prior: p,
    accuracy: Math.min(1, Math.max(0, f(c / K) + 0.1 * (rand() - 0.5))),
  })),
);

const shifts = ['ImageNet-V2', 'ImageNet-R', 'ImageNet-Sketch', 'ObjectNet', 'ImageNet-A'];
const shiftBase = [0.6, 0.7, 0.46, 0.5, 0.4];
const curve = Array.from({ length: 11 }, (_, i) => {
  const a = i / 10;
  const shiftedBy = Object.fromEntries(shifts.map((s, k) => [s, shiftBase[k] + 0.08 * a - (0.1 + 0.02 * k) * a * a]));
  const shifted = Object.values(shiftedBy).reduce((x, y) => x + y, 0) / shifts.length;
  return { alpha: a, inDomain: 0.68 + 0.15 * a - 0.02 * a * a, shifted, shiftedBy };
});
const highlight = (label, inDomain, bump) => {
  const shiftedBy = Object.fromEntries(shifts.map((s, k) => [s, shiftBase[k] + 0.02 + bump]));
  return { label, inDomain, shifted: Object.values(shiftedBy).reduce((x, y) => x + y, 0) / shifts.length, shiftedBy };
};
const highlights = [highlight('GLA (exact q)', 0.82, 0.01), highlight('Output ensemble (α = 0.5)', 0.815, 0)];

const fewShot = ['Zero-shot', 'Fine-tuned', 'WiSE-FT (α = 0.5, weight space)', 'GLA (exact q)'].flatMap((method, m) =>
  [1, 2, 4, 8, 16].map((shots, k) => ({
    method,
    shots,
    mean: m === 0 ? 0.7272 : 0.72 + 0.02 * k + 0.005 * m,
    std: m === 0 ? 0 : 0.004 + 0.001 * k,
  })),
);
const priorRecords = ['Exact solver', 'Paper solver (1000 SGD steps)'].flatMap((solver, s) =>
  prior.map((p, c) => ({
    solver,
    classIndex: c,
    truePrior: p,
    estimatedPrior: s === 0 ? p * Math.exp(rand() - 0.5) : p ** 0.1 * Math.exp(0.1 * rand()),
  })),
);

const plots = {
  'per-class-accuracy': perClassAccuracyPlot(perClass, {
    cuts: [33, 66],
    cutLabels: ['head', 'medium', 'tail'],
    dashed: ['WiSE-FT (α = 0.5, weight space)', 'Output ensemble (α = 0.5)'],
    title: 'Per-class accuracy vs pre-training prior rank (sample)',
  }),
  'alpha-curve-per-shift': alphaCurvePlot(curve, { highlights, title: 'WiSE-FT interpolation vs GLA (sample)' }),
  'alpha-curve-two-shifts': alphaCurvePlot(
    curve.map((p) => ({
      ...p,
      shiftedBy: { 'shift-a': p.shiftedBy['ImageNet-V2'], 'shift-b': p.shiftedBy.ObjectNet },
    })),
    {
      highlights: highlights.map((h) => ({
        ...h,
        shiftedBy: { 'shift-a': h.shiftedBy['ImageNet-V2'], 'shift-b': h.shiftedBy.ObjectNet },
      })),
      title: 'WiSE-FT interpolation vs GLA (two shifts)',
    },
  ),
  'alpha-curve-average-only': alphaCurvePlot(
    curve.map(({ shiftedBy: _, ...p }) => p),
    { highlights: highlights.map(({ shiftedBy: _, ...h }) => h), title: 'WiSE-FT interpolation vs GLA (average only)' },
  ),
  'few-shot': fewShotCurvePlot(fewShot, { title: 'Few-shot accuracy (sample, 3 seeds)' }),
  'prior-recovery': priorScatterPlot(priorRecords, { title: 'Estimated vs true log pre-training prior (sample)' }),
};
for (const [name, spec] of Object.entries(plots)) await writePlotFiles(out, name, spec);

const shotsColumns = [1, 2, 4, 8, 16].map((s) => ({ key: `s${s}`, header: `${s}-shot`, kind: 'percent' }));
const fewShotTable = {
  title: 'Few-shot: test top-1 (mean ± std over seeds)',
  columns: [{ key: 'method', header: 'Method' }, ...shotsColumns],
  rows: ['Zero-shot', 'Fine-tuned', 'WiSE-FT (α = 0.5, weight space)', 'GLA (exact q)'].map((method, m) => ({
    method,
    ...Object.fromEntries(
      [1, 2, 4, 8, 16].map((s, k) => [`s${s}`, { mean: 0.72 + 0.02 * k + 0.005 * m, std: 0.004, n: 3 }]),
    ),
  })),
  notes: ['Simulated world, not CLIP; log πₛ is the downstream prior; many (> 100) / few (< 20).'],
};
const paper = {
  title: 'paper',
  columns: fewShotTable.columns,
  rows: fewShotTable.rows.map((r) => ({ method: r.method, s1: r.method.startsWith('GLA') ? 0.6187 : null })),
};
const tables = {
  'few-shot': fewShotTable,
  'few-shot-vs-paper': compareWithPaper(fewShotTable, paper),
  'long-tail': {
    title: 'Long-tail: mean per-class accuracy by training-count group',
    columns: [
      { key: 'method', header: 'Method' },
      ...['Overall', 'Many', 'Medium', 'Few'].map((h) => ({ key: h, header: h, kind: 'percent' })),
      { key: 'ece', header: 'ECE', kind: 'percent', best: 'min' },
    ],
    rows: ['Zero-shot', 'Fine-tuned + LA (π_s)', 'GLA (exact q)'].map((method, m) => ({
      method,
      Overall: 0.72 + 0.04 * m,
      Many: 0.79 + 0.03 * m,
      Medium: 0.71 + 0.05 * (m % 2),
      Few: 0.71 + 0.04 * m,
      ece: 0.04 - 0.01 * m,
    })),
    notes: ['Many (> 100), medium (20–100), few (< 20) training images per class; q estimated on a balanced set.'],
  },
};
for (const [name, table] of Object.entries(tables)) await writeTableFiles(out, name, table, { boldBest: true });

await writeReportFiles(
  out,
  {
    title: 'Sample report (made-up numbers)',
    intro: '**This is a sample, not a result.** Regenerate with `node packages/report/scripts/render-samples.mjs`.',
    sections: [
      {
        title: 'Tables',
        text: 'Best values in **bold**; `n/a` where unknown.',
        tables: Object.values(tables),
      },
      {
        title: 'Figures',
        figures: Object.keys(plots).map((name) => ({ file: `${name}.svg`, alt: name, caption: `*${name}*` })),
      },
    ],
  },
  { boldBest: true },
);

const tex = latexDocument(
  Object.values(tables).map((t) => toLatex(t, { boldBest: true })),
  { twocolumn: true },
);
writeFileSync(join(out, 'tables.tex'), tex);
try {
  execFileSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 'tables.tex'], { cwd: out, stdio: 'ignore' });
  execFileSync('pdftoppm', ['-r', '110', '-png', 'tables.pdf', 'tables'], { cwd: out, stdio: 'ignore' });
} catch (error) {
  console.log(`tables.pdf not made: ${error.message}`);
}
console.log(`samples written to ${out}`);
