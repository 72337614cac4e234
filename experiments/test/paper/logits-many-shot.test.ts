import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimatePrior, matrix } from '@gla/core';
import { runPaperExperiment } from '../../src/index.js';
import type { ManyShotMetrics } from '../../src/paper/pipelines/many-shot-pipeline.js';
import { accuracy, argmax } from './helpers/direct-metrics.js';
import { A_CLASSES, MANY_SHOT_K, R_CLASSES, SWEEP, writeManyShotLogits } from './helpers/many-shot-logits-layout.js';
import { mixLogits, writeNpy } from './helpers/synthetic-logits.js';
import { tempDir } from './helpers/temp-dir.js';

process.env.GLA_NO_PROGRESS = '1';
const k = MANY_SHOT_K;

describe('gla run, many-shot ImageNet layout, logits mode', () => {
  const root = tempDir();
  const { config, data } = writeManyShotLogits(root);
  const run = (runId: string) => runPaperExperiment({ configFile: config, root, runId });

  it('scores every method as a direct computation does, on val and on every shift', async () => {
    const result = await run('first');
    const m = result.record!.metrics as ManyShotMetrics;
    const val = data.val;
    const n = val.labels.length;
    expect(m.inDomain.samples).toBe(n);
    expect(m.inDomain.methods['zero-shot']!.top1).toBeCloseTo(
      accuracy(n, k, val.labels, (i, j) => val.zeroShot[i * k + j]),
      12,
    );
    expect(m.inDomain.methods['fine-tuned']!.top1).toBeCloseTo(
      accuracy(n, k, val.labels, (i, j) => val.fineTuned[i * k + j]),
      12,
    );
    const wise = mixLogits(val, 0.5);
    expect(m.inDomain.methods['wise-ft']!.top1).toBeCloseTo(
      accuracy(n, k, val.labels, (i, j) => wise[i * k + j]),
      12,
    );
    expect(m.inDomain.methods['output-ensemble']!.top1).toBeCloseTo(
      accuracy(n, k, val.labels, (i, j) => 0.5 * val.zeroShot[i * k + j] + 0.5 * val.fineTuned[i * k + j]),
      12,
    );
    // GLA with the q the run estimated on the held-out set, pi_s uniform: ft - log(1/K) + zs - log q.
    const q = m.inDomain.prior!;
    expect(q).toHaveLength(k);
    expect(q.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(m.inDomain.methods.gla!.top1).toBeCloseTo(
      accuracy(n, k, val.labels, (i, j) => val.fineTuned[i * k + j] + val.zeroShot[i * k + j] - Math.log(q[j])),
      12,
    );
    expect(m.prior.converged).toBe(true);
    // GLA with the authors' estimator: their solver's q on the same held-out set, the same formula.
    const held = data.heldout;
    const authors = estimatePrior(matrix(held.zeroShot, held.labels.length, k), held.labels, { solver: 'paper' });
    expect(m.authorsPrior.certificate).toBe(authors.certificate);
    expect(m.inDomain.methods['gla-authors']!.top1).toBeCloseTo(
      accuracy(
        n,
        k,
        val.labels,
        (i, j) => val.fineTuned[i * k + j] + val.zeroShot[i * k + j] - Math.log(authors.prior[j]),
      ),
      12,
    );
    // The zero-shot bias was log of a decreasing prior: q must follow it (head classes first).
    expect(q[0]).toBeGreaterThan(q[k - 1]);
    expect(m.inDomain.groupSizes).toEqual([4, 4, 4]);
    // -R: 1000-way-style labels, scored on the classes present; -A: local labels with a class index file.
    const r = data['imagenet-r'];
    const rTop1 =
      r.labels.reduce((s, y, i) => s + (argmax(r.zeroShot, i, k, R_CLASSES) === y ? 1 : 0), 0) / r.labels.length;
    expect(m.shifted['imagenet-r'].methods['zero-shot']!.top1).toBeCloseTo(rTop1, 12);
    const a = data['imagenet-a'];
    const aTop1 =
      a.labels.reduce((s, y, i) => s + (argmax(a.fineTuned, i, k, A_CLASSES) === y ? 1 : 0), 0) / a.labels.length;
    expect(m.shifted['imagenet-a'].methods['fine-tuned']!.top1).toBeCloseTo(aTop1, 12);
    expect(m.sweep.map((s) => s.alpha)).toEqual(SWEEP);
    for (const s of m.sweep) {
      const mixed = mixLogits(val, s.alpha);
      expect(s.inDomain).toBeCloseTo(
        accuracy(n, k, val.labels, (i, j) => mixed[i * k + j]),
        12,
      );
      expect(Object.keys(s.shifted)).toEqual(['imagenet-v2', 'imagenet-sketch', 'imagenet-r', 'imagenet-a']);
    }
    // GLA removes the zero-shot label bias: it must beat the biased zero-shot model here.
    expect(m.inDomain.methods.gla!.top1).toBeGreaterThan(m.inDomain.methods['zero-shot']!.top1);
  });

  it('writes the run folder: resolved config, environment, log, metrics and tables with every row and column', async () => {
    const dir = join(root, 'results/tiny-imagenet/first');
    for (const f of [
      'config.resolved.yaml',
      'environment.json',
      'run.log',
      'metrics.json',
      'tables/imagenet.md',
      'tables/imagenet.csv',
      'tables/imagenet.tex',
    ]) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    const env = JSON.parse(readFileSync(join(dir, 'environment.json'), 'utf8'));
    expect(env.node).toBe(process.version);
    expect(env.cores).toBeGreaterThan(0);
    expect(env.executionProvider).toBe('cpu');
    const csv = readFileSync(join(dir, 'tables/imagenet-vs-paper.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe(
      'method,top1_ours,top1_paper,top1_diff,head_ours,head_paper,head_diff,medium_ours,medium_paper,medium_diff,tail_ours,tail_paper,tail_diff,certificate',
    );
    const rows = csv
      .slice(1)
      .filter((l) => l.length > 0)
      .map((l) => l.split(',')[0]);
    expect(rows).toEqual([
      'Zero-shot',
      'Fine-tuned',
      'WiSE-FT (α = 0.5)',
      'Output ensemble (α = 0.5)',
      'Debiased zero-shot',
      "GLA (authors' estimator)",
      'GLA (exact estimator)',
    ]);
    // The GLA paper's ImageNet cells are unknown: n/a, never a number from memory.
    expect(csv[6].split(',')[2]).toBe('n/a');
    // Each GLA row carries the certificate of its own q; rows without an estimated q carry none.
    const cert = (row: number) => csv[row].split(',').at(-1);
    expect(cert(1)).toBe('n/a');
    expect(Number(cert(6))).toBeGreaterThan(Number(cert(7)));
    const shifts = readFileSync(join(dir, 'tables/imagenet-shifts-vs-paper.md'), 'utf8');
    for (const header of ['IN-V2 (ours)', 'IN-Sketch (paper)', 'IN-R Δ', 'IN-A (ours)', 'Avg. shifts (ours)'])
      expect(shifts).toContain(header);
    const vrf = readFileSync(join(dir, 'tables/imagenet-vs-vrf-baselines.md'), 'utf8');
    expect(vrf).toContain('NOT GLA NUMBERS');
    expect(vrf).toContain('68.30');
    const latex = readFileSync(join(dir, 'tables/imagenet.tex'), 'utf8');
    expect(latex).toContain('\\toprule');
  });

  it('reruns from the cache, and after a change recomputes only what depends on it', async () => {
    const again = await run('second');
    expect(again.computed).toEqual([]);
    const first = JSON.parse(readFileSync(join(root, 'results/tiny-imagenet/first/metrics.json'), 'utf8'));
    expect(again.record!.metrics).toEqual(first.metrics);
    // New fine-tuned logits on val: only the val evaluation depends on them (q, shifts and the sweep do not).
    const val = data.val;
    const changed = Float32Array.from(val.fineTuned, (v, i) => (i % k === 0 ? v + 3 : v));
    writeNpy(join(root, 'logits/fine-tuned/val.npy'), changed, [val.labels.length, k]);
    const third = await run('third');
    expect(third.computed).toEqual(['imagenet/val/evaluation']);
    expect((third.record!.metrics as ManyShotMetrics).inDomain.methods['fine-tuned']!.top1).toBeCloseTo(
      accuracy(val.labels.length, k, val.labels, (i, j) => changed[i * k + j]),
      12,
    );
  });

  it('stops with one line naming the file when a logits file has the wrong number of rows', async () => {
    writeNpy(join(root, 'logits/fine-tuned/imagenet-v2.npy'), new Float32Array(3 * k), [3, k]);
    await expect(run('broken')).rejects.toThrow(/fine-tuned\/imagenet-v2\.npy.*3 rows.*labels/);
  });
});
