import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPaperReport, runPaperExperiment } from '../../src/index.js';
import { writeFewShotLogits } from './helpers/few-shot-logits-layout.js';
import { writeLongTailLogits } from './helpers/long-tail-logits-layout.js';
import { writeManyShotLogits } from './helpers/many-shot-logits-layout.js';
import { tempDir } from './helpers/temp-dir.js';

process.env.GLA_NO_PROGRESS = '1';

describe('gla report', () => {
  it('builds the paper tables of several runs, the headline gains, the figures and one page', async () => {
    const root = tempDir();
    const runs = [];
    for (const config of [
      writeManyShotLogits(root).config,
      writeFewShotLogits(root).config,
      writeLongTailLogits(root).config,
    ]) {
      runs.push((await runPaperExperiment({ configFile: config, root, runId: 'r' })).runDir!);
    }
    const out = join(root, 'report');
    const report = await buildPaperReport({ runDirs: runs, out });
    for (const name of [
      'tiny-imagenet-imagenet-vs-paper',
      'tiny-imagenet-wise-ft-sweep',
      'tiny-few-shot-few-shot',
      'tiny-few-shot-few-shot-vs-paper',
      'tiny-long-tail-long-tail-vs-paper',
      'headline-gains',
    ]) {
      for (const ext of ['md', 'csv', 'tex', 'json'])
        expect(existsSync(join(out, 'tables', `${name}.${ext}`)), `${name}.${ext}`).toBe(true);
    }
    for (const plot of [
      'tiny-imagenet-per-class-accuracy',
      'tiny-imagenet-wise-ft-alpha-curve',
      'tiny-few-shot-few-shot',
      'tiny-long-tail-imagenet-lt-per-class-accuracy',
    ]) {
      expect(existsSync(join(out, `${plot}.svg`)), plot).toBe(true);
      expect(existsSync(join(out, `${plot}.png`)), plot).toBe(true);
    }
    // gla run's alpha curve: one panel per shift set (each shift's sweep and GLA values), then their average.
    const metrics = JSON.parse(readFileSync(join(runs[0], 'metrics.json'), 'utf8')).metrics;
    const curve = readFileSync(join(out, 'tiny-imagenet-wise-ft-alpha-curve.vl.json'), 'utf8');
    expect(metrics.shifts.length).toBeGreaterThan(0);
    for (const shift of metrics.shifts) expect(curve).toContain(`"${shift}"`);
    expect(curve).toContain(`Average over ${metrics.shifts.length} shifted test sets`);
    const glaOnFirstShift = 100 * metrics.shifted[metrics.shifts[0]].methods.gla.top1;
    const glaPoints = JSON.stringify(JSON.parse(curve))
      .match(/\{[^{}]*"series":"GLA \(exact estimator\)"[^{}]*\}/g)
      ?.map((p) => JSON.parse(p) as { x: number; y: number });
    expect(glaPoints?.some((p) => p.x === 100 * metrics.inDomain.methods.gla.top1 && p.y === glaOnFirstShift)).toBe(
      true,
    );
    // The per-class plot has the two ensembles, dashed.
    const perClass = readFileSync(join(out, 'tiny-imagenet-per-class-accuracy.vl.json'), 'utf8');
    for (const label of ['WiSE-FT (α = 0.5)', 'Output ensemble (α = 0.5)', 'GLA (exact estimator)'])
      expect(perClass).toContain(label);
    expect(perClass).toContain('strokeDash');
    const headline = report.tables['headline-gains'];
    expect(headline.rows.map((r) => [r.run, r.paper])).toEqual([
      ['Tiny many-shot', '+1.50'],
      ['Tiny few-shot', '+1.40 to +4.60'],
      ['Tiny long-tail', '+2.40'],
    ]);
    // Our gain over WiSE-FT on ImageNet, from the run's own numbers, in percentage points, with the authors'
    // estimator (the one behind the abstract's gains).
    const many = JSON.parse(readFileSync(join(runs[0], 'metrics.json'), 'utf8')).metrics.inDomain.methods;
    const pp = 100 * (many['gla-authors'].top1 - many['wise-ft'].top1);
    expect(headline.rows[0]['vs-wise-ft']).toBe(`${pp >= 0 ? '+' : ''}${pp.toFixed(2)}`);
    const page = readFileSync(join(out, 'README.md'), 'utf8');
    expect(page).toContain('Headline gains');
    expect(page).toContain('NOT GLA NUMBERS');
    expect(page).toContain('![tiny-imagenet-wise-ft-alpha-curve](tiny-imagenet-wise-ft-alpha-curve.svg)');
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    // Unknown paper cells print n/a, never blank or 0.
    expect(readFileSync(join(out, 'tables/tiny-long-tail-long-tail-vs-paper.md'), 'utf8')).toContain('n/a');
  });

  it('names the folder that is not a run', async () => {
    const root = tempDir();
    await expect(buildPaperReport({ runDirs: [root], out: join(root, 'out') })).rejects.toThrow(
      `${join(root, 'metrics.json')}: file not found`,
    );
  });
});
