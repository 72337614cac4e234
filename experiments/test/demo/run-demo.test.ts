import { chmodSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSimulatedWorld } from '@gla/datasets';
import { linearLogits, priorUncertainty } from '@gla/core';
import { runDemo } from '../../src/index.js';
import type { ManyShotMetrics } from '../../src/paper/pipelines/many-shot-pipeline.js';
import type { FewShotMetrics } from '../../src/paper/pipelines/few-shot-pipeline.js';
import { SMALL_WORLD, smallDemoConfigs } from './demo-configs.js';

process.env.GLA_NO_PROGRESS = '1';

describe('the demo: gla run on configs/demo/*.yaml, then gla report', () => {
  const root = mkdtempSync(join(tmpdir(), 'gla-demo-'));
  const configs = smallDemoConfigs(root);
  const first = runDemo({ root, out: 'a', cacheDir: 'cache', configs });
  const many = async () => (await first).results.runs['demo-many-shot'].metrics as ManyShotMetrics;

  it('writes every table, plot, the results JSON and the report, and no staging folder is left', async () => {
    const run = await first;
    const files = readdirSync(run.outDir).sort();
    const tables = readdirSync(join(run.outDir, 'tables'));
    for (const table of [
      'demo-many-shot-imagenet',
      'demo-many-shot-wise-ft-sweep',
      'demo-many-shot-prior-recovery',
      'demo-few-shot-few-shot',
      'demo-long-tail-long-tail',
    ]) {
      for (const ext of ['.md', '.csv', '.tex', '.json']) expect(tables).toContain(`${table}${ext}`);
    }
    for (const plot of [
      'demo-many-shot-per-class-accuracy',
      'demo-many-shot-wise-ft-alpha-curve',
      'demo-many-shot-prior-recovery',
      'demo-few-shot-few-shot',
    ]) {
      for (const ext of ['.svg', '.png', '.vl.json']) expect(files).toContain(`${plot}${ext}`);
    }
    for (const f of ['results.json', 'README.md', 'index.html']) expect(files).toContain(f);
    // The simulated world was never run by the paper: no comparison tables, no headline gains.
    expect(tables.filter((t) => t.includes('vs-paper') || t.startsWith('headline'))).toEqual([]);
    expect(readdirSync(root).filter((f) => f.includes('staging'))).toEqual([]);
  }, 240_000);

  it('has every row of the three paper layouts, both estimators and says it is a simulation', async () => {
    const run = await first;
    const md = (name: string) => readFileSync(join(run.outDir, 'tables', `${name}.md`), 'utf8');
    const manyShot = md('demo-many-shot-imagenet');
    for (const row of [
      'Zero-shot',
      'Fine-tuned',
      'WiSE-FT (α = 0.5)',
      'Output ensemble (α = 0.5)',
      'Debiased zero-shot',
      "GLA (authors' estimator)",
      'GLA (exact estimator)',
      'GLA (true pre-training prior)',
    ])
      expect(manyShot).toContain(`| ${row}`);
    expect(manyShot).toMatch(/The exact estimator changes GLA by [+-]\d+\.\d\d pp in-domain/);
    const few = md('demo-few-shot-few-shot');
    expect(few).toMatch(/\d+\.\d\d ± \d+\.\d\d/);
    expect(few).toMatch(/The exact estimator changes GLA's mean top-1 against the authors' estimator by [+-]\d/);
    const lt = md('demo-long-tail-long-tail');
    expect(lt).toContain('Fine-tuned + LA (downstream prior)');
    expect(lt).toMatch(/The exact estimator changes GLA by [+-]\d+\.\d\d pp overall/);
    for (const name of ['demo-many-shot-imagenet', 'demo-few-shot-few-shot', 'demo-long-tail-long-tail'])
      expect(md(name)).toContain('not CLIP');
    const page = readFileSync(join(run.outDir, 'README.md'), 'utf8');
    expect(page).toContain('This is a simulation, not CLIP');
    expect(page).toContain("Exact vs the authors' estimator");
    expect(page).toContain('Prior recovery');
  }, 240_000);

  it('says how sure each q is, on the val split it was estimated on', async () => {
    const m = await many();
    // The same world as the demo's (preset 'default' plus the small overrides, seed 0): q's standard errors
    // recomputed here on val, the median taken by hand over the classes present.
    const world = createSimulatedWorld({ name: 'simulated-default', ...SMALL_WORLD, seed: 0 });
    const valZs = linearLogits(world.val.features, world.zeroShotHead);
    const [exactRow, paperRow, trueRow] = m.priorRecovery!.rows;
    const u = priorUncertainty(valZs, world.val.labels, Float64Array.from(m.priorRecovery!.priors.exact));
    const sorted = Array.from(u.standardErrors)
      .filter((v) => v >= 0)
      .sort((a, b) => a - b);
    expect(sorted).toHaveLength(SMALL_WORLD.classes);
    // 24 classes: the median is the mean of the 12th and 13th.
    expect(exactRow.medianStandardError).toBeCloseTo((sorted[11] + sorted[12]) / 2, 12);
    expect(exactRow.undeterminedClasses).toBe(u.undeterminedClasses.length);
    expect(exactRow.medianStandardError).toBeGreaterThan(0.05);
    expect(exactRow.medianStandardError).toBeLessThan(1);
    // 1000 SGD steps stop far from the optimum: its one-Newton-step solver errors leave classes undetermined.
    expect(paperRow.undeterminedClasses).toBeGreaterThan(exactRow.undeterminedClasses as number);
    expect(trueRow.medianStandardError).toBeUndefined();
    expect(trueRow.spearman).toBe(1);
  }, 240_000);

  it('plots every shifted domain, dashes the ensembles and bolds the best cells', async () => {
    const run = await first;
    const m = await many();
    const spec = (name: string) => readFileSync(join(run.outDir, `${name}.vl.json`), 'utf8');
    expect(m.shifts.length).toBeGreaterThan(1);
    const curve = spec('demo-many-shot-wise-ft-alpha-curve');
    for (const shift of m.shifts) expect(curve).toContain(`"${shift}"`);
    const perClass = JSON.parse(spec('demo-many-shot-per-class-accuracy'));
    const methods = new Set(perClass.data.values.map((v: { method: string }) => v.method));
    expect([...methods].sort()).toEqual(
      ['Fine-tuned', 'GLA (exact estimator)', 'Output ensemble (α = 0.5)', 'WiSE-FT (α = 0.5)', 'Zero-shot'].sort(),
    );
    expect(JSON.stringify(perClass)).toContain('strokeDash');
    const bestTop1 = Math.max(...Object.values(m.inDomain.methods).map((x) => x?.top1 ?? 0));
    const cell = (bestTop1 * 100).toFixed(2);
    expect(readFileSync(join(run.outDir, 'tables/demo-many-shot-imagenet.md'), 'utf8')).toContain(`**${cell}**`);
    const few = (await first).results.runs['demo-few-shot'].metrics as FewShotMetrics;
    expect(few.runs).toHaveLength(4);
  }, 240_000);

  it('reruns from the stage cache with byte-identical output; another seed gives other numbers', async () => {
    const a = await first;
    const b = await runDemo({ root, out: 'b', cacheDir: 'cache', configs });
    // Everything came from the cache.
    expect(b.computed).toEqual([]);
    expect(b.files).toEqual(a.files);
    for (const f of a.files) expect([f, readFileSync(join(b.outDir, f))]).toEqual([f, readFileSync(join(a.outDir, f))]);
    const other = mkdtempSync(join(tmpdir(), 'gla-demo-seed-'));
    const c = await runDemo({ root: other, out: 'c', configs: smallDemoConfigs(other, 1) });
    const top1 = (r: typeof a) =>
      (r.results.runs['demo-many-shot'].metrics as ManyShotMetrics).inDomain.methods.gla?.top1;
    expect(top1(c)).not.toBe(top1(a));
  }, 240_000);

  it('writes byte-identical output from an empty cache with one job and with two (configs side by side)', async () => {
    const a = await first;
    const outputs = [];
    for (const jobs of [1, 2]) {
      const dir = mkdtempSync(join(tmpdir(), `gla-demo-jobs${jobs}-`));
      outputs.push(await runDemo({ root: dir, out: 'out', configs: smallDemoConfigs(dir), jobs }));
    }
    for (const run of outputs) {
      expect(run.files).toEqual(a.files);
      for (const f of a.files)
        expect([f, readFileSync(join(run.outDir, f))]).toEqual([f, readFileSync(join(a.outDir, f))]);
    }
  }, 240_000);

  it('leaves the previous output in place when the output folder cannot be written', async () => {
    const locked = mkdtempSync(join(tmpdir(), 'gla-demo-ro-'));
    writeFileSync(join(locked, 'keep.txt'), 'x');
    chmodSync(locked, 0o555);
    const asRoot = process.getuid?.() === 0; // root ignores permissions: nothing to test then
    if (!asRoot)
      await expect(runDemo({ root, out: join(locked, 'sub'), cacheDir: 'cache', configs })).rejects.toThrow();
    chmodSync(locked, 0o755);
    expect(readdirSync(locked)).toEqual(asRoot ? readdirSync(locked) : ['keep.txt']);
  });
});
