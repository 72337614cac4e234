import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interpolateHeads, linearLogits, methodLabel, type Matrix, type MethodId } from '@gla/core';
import { createSimulatedWorld, fineTuneHead } from '@gla/datasets';
import { runGla, tempDir, writeNpy } from './cli-harness.js';

process.env.GLA_NO_PROGRESS = '1';

// One set of logits through the three paths that score methods: the demo's many-shot experiment (`gla run` on
// configs/demo/many-shot.yaml, data from the simulated world), `gla run` on the same logits saved as files, and
// `gla estimate-prior` + `gla evaluate`. They share the method registry and the
// scorer, so the labels and every number must be the same, bit for bit.
describe('one engine: the demo, gla run and gla evaluate', () => {
  it('give the same labels and the same numbers for the same logits', async () => {
    const small = {
      classes: 15,
      dims: 16,
      pretrainingSamples: 3000,
      trainPerClass: 20,
      valPerClass: 10,
      testPerClass: 12,
      longTailMaxCount: 60,
    };
    const world = createSimulatedWorld({ name: 'simulated-default', ...small, seed: 5 });
    const dir = tempDir();
    const demoConfig = join(dir, 'demo-many-shot.yaml');
    writeFileSync(
      demoConfig,
      readFileSync(new URL('../../../configs/demo/many-shot.yaml', import.meta.url), 'utf8')
        .replace('  seed: 0\n', `  seed: 5\n  overrides: ${JSON.stringify(small)}\n`)
        .concat(
          `resultsDir: ${join(dir, 'results')}\ncacheDir: ${join(dir, 'cache')}\nensemble: { alpha: 0.5, sweep: [] }\n`,
        ),
    );
    const demoRun = await runGla(['run', demoConfig, '--run-id', 'demo']);
    expect([demoRun.code, demoRun.code === 0 ? '' : demoRun.lines.at(-1)]).toEqual([0, '']);
    const demoMethods = JSON.parse(readFileSync(join(dir, 'results/demo-many-shot/demo/metrics.json'), 'utf8')).metrics
      .inDomain.methods as Record<string, { top1: number; groups: Record<string, number>; ece: number }>;
    const demo = {
      rows: Object.entries(demoMethods).map(([method, r]) => ({
        method: method as MethodId,
        scores: { top1: r.top1, head: r.groups.head, medium: r.groups.medium, tail: r.groups.tail, ece: r.ece },
      })),
    };
    // The logits the demo scored, rebuilt from the same seeded world (fine-tuning is deterministic).
    const ft = fineTuneHead(world.zeroShotHead, world.train).head;
    const wise = interpolateHeads(world.zeroShotHead, ft, 0.5);
    const save = (name: string, m: Matrix) => writeNpy(dir, name, m.data as Float64Array, [m.rows, m.cols]);
    save('heldout-zs.npy', linearLogits(world.val.features, world.zeroShotHead));
    writeNpy(dir, 'heldout-y.npy', world.val.labels, [world.val.labels.length]);
    save('val-zs.npy', linearLogits(world.test.features, world.zeroShotHead));
    save('val-ft.npy', linearLogits(world.test.features, ft));
    save('val-wise.npy', linearLogits(world.test.features, wise));
    writeNpy(dir, 'val-y.npy', world.test.labels, [world.test.labels.length]);
    const config = join(dir, 'many.yaml');
    writeFileSync(
      config,
      `experiment: one-engine
kind: many-shot
title: One engine
backbone: simulated
resultsDir: ${join(dir, 'results')}
cacheDir: ${join(dir, 'cache')}
shifts: []
data:
  kind: logits
  labels: { heldout: ${join(dir, 'heldout-y.npy')}, val: ${join(dir, 'val-y.npy')} }
models:
  zeroShot: { kind: logits, files: { heldout: ${join(dir, 'heldout-zs.npy')}, val: ${join(dir, 'val-zs.npy')} } }
  fineTuned: { kind: logits, files: { val: ${join(dir, 'val-ft.npy')} } }
  wiseFt: { kind: logits, files: { val: ${join(dir, 'val-wise.npy')} } }
ensemble: { alpha: 0.5, sweep: [] }
`,
    );
    const run = await runGla(['run', config, '--run-id', 'r']);
    expect([run.code, run.code === 0 ? '' : run.lines.at(-1)]).toEqual([0, '']);
    const metrics = JSON.parse(readFileSync(join(dir, 'results/one-engine/r/metrics.json'), 'utf8')).metrics;
    const table = readFileSync(join(dir, 'results/one-engine/r/tables/imagenet.md'), 'utf8');
    for (const row of demo.rows) {
      if (row.method === 'gla-true-prior') continue; // only a simulation knows the true prior
      const theirs = metrics.inDomain.methods[row.method];
      expect([row.method, theirs.top1, theirs.groups, theirs.ece]).toEqual([
        row.method,
        row.scores.top1,
        { head: row.scores.head, medium: row.scores.medium, tail: row.scores.tail },
        row.scores.ece,
      ]);
      expect(table).toContain(`| ${methodLabel(row.method)} `);
    }

    const prior = join(dir, 'prior.json');
    const estimate = [
      'estimate-prior',
      '--logits',
      join(dir, 'heldout-zs.npy'),
      '--labels',
      join(dir, 'heldout-y.npy'),
    ];
    expect((await runGla([...estimate, '--out', prior])).code).toBe(0);
    const out = join(dir, 'metrics.json');
    const evaluate = await runGla([
      'evaluate',
      '--labels',
      join(dir, 'val-y.npy'),
      '--zero-shot',
      join(dir, 'val-zs.npy'),
      '--fine-tuned',
      join(dir, 'val-ft.npy'),
      '--prior',
      prior,
      '--out',
      out,
    ]);
    expect(evaluate.code).toBe(0);
    const evaluated = JSON.parse(readFileSync(out, 'utf8')).methods as Record<MethodId, Record<string, number>>;
    expect(Object.keys(evaluated)).toEqual(['zero-shot', 'fine-tuned', 'output-ensemble', 'debiased-zero-shot', 'gla']);
    for (const [id, m] of Object.entries(evaluated)) {
      const row = demo.rows.find((r) => r.method === id)!;
      expect([id, m.top1, m.head, m.medium, m.tail, m.ece]).toEqual([
        id,
        row.scores.top1,
        row.scores.head,
        row.scores.medium,
        row.scores.tail,
        row.scores.ece,
      ]);
    }
    const md = join(dir, 'metrics.md');
    const args = ['evaluate', '--labels', join(dir, 'val-y.npy'), '--zero-shot', join(dir, 'val-zs.npy')];
    await runGla([...args, '--fine-tuned', join(dir, 'val-ft.npy'), '--prior', prior, '--format', 'md', '--out', md]);
    for (const id of Object.keys(evaluated))
      expect(readFileSync(md, 'utf8')).toContain(`| ${methodLabel(id as MethodId)} `);
  });
});
