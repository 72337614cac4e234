import { mkdtempSync, readFileSync, readdirSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSimulatedWorld } from '@gla/datasets';
import { linearLogits, priorUncertainty } from '@gla/core';
import { parseDemoConfig, runDemo } from '../../src/index.js';

// A small world and a short schedule keep this test quick; the full demo is `pnpm demo`.
const small = {
  classes: 24,
  dims: 24,
  pretrainingSamples: 4000,
  trainPerClass: 20,
  valPerClass: 10,
  testPerClass: 20,
  longTailMaxCount: 150,
};
const config = (out: string) =>
  parseDemoConfig({
    out,
    fewShot: { shots: [1, 4], seeds: [1, 2] },
    paperSolver: { iterations: 100 },
    alphaSweep: [0, 0.5, 1],
  });

describe('the demo on a simulated world', () => {
  const root = mkdtempSync(join(tmpdir(), 'gla-demo-'));
  const first = runDemo(config('a'), root, () => {}, small);

  it('writes every table, plot, the results JSON and the report', async () => {
    const run = await first;
    const files = readdirSync(run.outDir).sort();
    for (const table of ['many-shot', 'few-shot', 'long-tail', 'prior-recovery', 'wise-ft-alpha-sweep']) {
      for (const ext of ['.md', '.csv', '.tex', '.json']) expect(files).toContain(`${table}${ext}`);
    }
    for (const plot of ['per-class-accuracy', 'wise-ft-alpha-curve', 'few-shot', 'prior-recovery']) {
      for (const ext of ['.svg', '.png', '.vl.json']) expect(files).toContain(`${plot}${ext}`);
    }
    expect(files).toContain('results.json');
    expect(files).toContain('README.md');
    expect(files).toContain('index.html');
    // No staging folder is left behind.
    expect(readdirSync(root).filter((f) => f.includes('staging'))).toEqual([]);
  }, 240_000);

  it('has every row and column of the three paper layouts, and says it is a simulation', async () => {
    const run = await first;
    const md = (name: string) => readFileSync(join(run.outDir, `${name}.md`), 'utf8');
    const many = md('many-shot');
    for (const row of [
      'Zero-shot',
      'Fine-tuned',
      'WiSE-FT (α = 0.5)',
      'Output ensemble (α = 0.5)',
      'Debiased zero-shot',
      "GLA (authors' estimator)",
      'GLA (exact estimator)',
      'GLA (true pre-training prior)',
    ]) {
      expect(many).toContain(`| ${row}`);
    }
    for (const col of ['Top-1', 'Head', 'Medium', 'Tail', 'shift-a', 'shift-b', 'Avg. shifted', 'ECE', 'q certificate'])
      expect(many).toContain(col);
    // Both estimators in every table, and how much the exact one changes GLA.
    expect(many).toMatch(/The exact estimator changes GLA by [+-]\d+\.\d\d pp in-domain/);
    const few = md('few-shot');
    expect(few).toContain('1-shot');
    expect(few).toContain('4-shot');
    expect(few).toMatch(/\d+\.\d\d ± \d+\.\d\d/);
    for (const row of ["GLA (authors' estimator)", 'GLA (exact estimator)']) expect(few).toContain(`| ${row}`);
    expect(few).toMatch(/The exact estimator changes GLA's mean top-1 against the authors' estimator by [+-]\d/);
    const lt = md('long-tail');
    for (const row of [
      'Fine-tuned + LA (downstream prior)',
      "GLA (authors' estimator)",
      'GLA (exact estimator)',
      'WiSE-FT',
    ])
      expect(lt).toContain(row);
    expect(lt).toMatch(/The exact estimator changes GLA by [+-]\d+\.\d\d pp overall/);
    for (const col of ['Overall', 'Many', 'Medium', 'Few']) expect(lt).toContain(col);
    const prior = md('prior-recovery');
    for (const col of ['Spearman', 'KL', 'max / min', 'Certificate']) expect(prior).toContain(col);
    for (const name of ['many-shot', 'few-shot', 'long-tail', 'prior-recovery']) expect(md(name)).toContain('not CLIP');
    const page = readFileSync(join(run.outDir, 'README.md'), 'utf8');
    expect(page).toContain('This is a simulation, not CLIP');
    expect(page).toContain("Exact vs the authors' estimator");
    // The GLA vs WiSE-FT verdict is stated from the numbers, whichever way it goes.
    expect(many).toMatch(/GLA vs WiSE-FT: [+-]\d+\.\d\d pp in-domain/);
  }, 240_000);

  it('stores consistent numbers: fractions, the exact certificate, and the paper solver stopping short', async () => {
    const { results } = await first;
    const m = results.manyShot.methods;
    for (const scores of Object.values(m)) {
      for (const v of [scores.top1, scores.head, scores.medium, scores.tail, scores.ece]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
    expect(results.manyShot.prior.exact.converged).toBe(true);
    expect(results.manyShot.prior.exact.certificate).toBeLessThanOrEqual(1e-6);
    expect(results.manyShot.prior.paper.certificate).toBeGreaterThan(results.manyShot.prior.exact.certificate);
    expect(results.fewShot.runs).toHaveLength(4);
    expect(results.fewShot.summary.every((s) => s.n === 2)).toBe(true);
    // Linear heads: weight-space and output-space interpolation give the same predictions.
    expect(m['wise-ft'].top1).toBe(m['output-ensemble'].top1);
  }, 240_000);

  it('says how sure each q is, on the val split it was estimated on', async () => {
    const { results } = await first;
    // The same world as the demo's (preset 'default' plus the small overrides, seed 0): q's standard errors
    // recomputed here on val, the median taken by hand over the classes present.
    const world = createSimulatedWorld({ name: 'simulated-default', ...small, seed: 0 });
    const valZs = linearLogits(world.val.features, world.zeroShotHead);
    const [exactRow, paperRow, trueRow] = results.priorRecovery.rows;
    const exactQ = Float64Array.from(results.manyShot.prior.exact.prior);
    const u = priorUncertainty(valZs, world.val.labels, exactQ);
    const sorted = Array.from(u.standardErrors)
      .filter((v) => v >= 0)
      .sort((a, b) => a - b);
    expect(sorted).toHaveLength(small.classes);
    // 24 classes: the median is the mean of the 12th and 13th.
    expect(exactRow.medianStandardError).toBeCloseTo((sorted[11] + sorted[12]) / 2, 12);
    expect(exactRow.undeterminedClasses).toBe(u.undeterminedClasses.length);
    // 10 images per class: log q is known to a few tenths, not to 1e-3 and not to a factor e.
    expect(exactRow.medianStandardError).toBeGreaterThan(0.05);
    expect(exactRow.medianStandardError).toBeLessThan(1);
    // 100 SGD steps stop far from the optimum: its one-Newton-step solver errors leave classes undetermined.
    expect(paperRow.undeterminedClasses).toBeGreaterThan(exactRow.undeterminedClasses as number);
    expect(trueRow.medianStandardError).toBeNull();
    const table = readFileSync(join((await first).outDir, 'prior-recovery.md'), 'utf8');
    expect(table).toContain('Median s.e. of log q');
    expect(table).toContain('Undetermined classes');
  }, 240_000);

  it('plots every shifted domain, dashes the ensembles and bolds the best cells', async () => {
    const run = await first;
    const spec = (name: string) => readFileSync(join(run.outDir, `${name}.vl.json`), 'utf8');
    const shifts = Object.keys(run.results.manyShot.methods.gla.shifted);
    expect(shifts.length).toBeGreaterThan(1);
    const curve = spec('wise-ft-alpha-curve');
    for (const shift of shifts) expect(curve).toContain(`"${shift}"`);
    expect(curve).toContain(`Average over ${shifts.length} shifted test sets`);
    const perClass = JSON.parse(spec('per-class-accuracy'));
    const methods = new Set(perClass.data.values.map((v: { method: string }) => v.method));
    expect([...methods].sort()).toEqual(
      ['Fine-tuned', 'GLA (exact estimator)', 'Output ensemble (α = 0.5)', 'WiSE-FT (α = 0.5)', 'Zero-shot'].sort(),
    );
    expect(JSON.stringify(perClass)).toContain('strokeDash');
    // Bold best: the many-shot table's best top-1 is bold in Markdown and LaTeX.
    const bestTop1 = Math.max(...Object.values(run.results.manyShot.methods).map((m) => m.top1));
    const cell = (bestTop1 * 100).toFixed(2);
    expect(readFileSync(join(run.outDir, 'many-shot.md'), 'utf8')).toContain(`**${cell}**`);
    expect(readFileSync(join(run.outDir, 'many-shot.tex'), 'utf8')).toContain(`\\textbf{${cell}}`);
  }, 240_000);

  it('gives byte-identical results.json for the same seed, and different numbers for another seed', async () => {
    const a = await first;
    const b = await runDemo(config('b'), root, () => {}, small);
    const textA = readFileSync(join(a.outDir, 'results.json'), 'utf8');
    const textB = readFileSync(join(b.outDir, 'results.json'), 'utf8').replace('"out": "b"', '"out": "a"');
    expect(textB).toBe(textA);
    const c = await runDemo(parseDemoConfig({ ...config('c'), seed: 1 }), root, () => {}, small);
    expect(c.results.manyShot.methods.gla.top1).not.toBe(a.results.manyShot.methods.gla.top1);
  }, 240_000);

  it('leaves the previous output in place when the output folder cannot be written', async () => {
    const locked = mkdtempSync(join(tmpdir(), 'gla-demo-ro-'));
    writeFileSync(join(locked, 'keep.txt'), 'x');
    chmodSync(locked, 0o555);
    const asRoot = process.getuid?.() === 0; // root ignores permissions: nothing to test then
    if (!asRoot) await expect(runDemo(config(join(locked, 'sub')), root, () => {}, small)).rejects.toThrow();
    chmodSync(locked, 0o755);
    expect(readdirSync(locked)).toEqual(asRoot ? readdirSync(locked) : ['keep.txt']);
  });
});
