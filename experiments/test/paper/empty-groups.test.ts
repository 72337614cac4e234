import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPaperExperiment } from '../../src/index.js';
import type { ManyShotMetrics } from '../../src/paper/pipelines/many-shot-pipeline.js';
import { MANY_SHOT_K, SWEEP, writeManyShotLogits } from './helpers/many-shot-logits-layout.js';
import { mixLogits, writeNpy } from './helpers/synthetic-logits.js';
import { tempDir } from './helpers/temp-dir.js';

process.env.GLA_NO_PROGRESS = '1';
const k = MANY_SHOT_K;

describe('gla run, a head / medium / tail group with no test sample', () => {
  it('leaves the group accuracy out (listed in undefinedMetrics, n/a in the tables), never NaN or null', async () => {
    const root = tempDir();
    const { config, data } = writeManyShotLogits(root);
    // Keep only the val rows of class 0: one class is in one group, so the two other groups have no sample.
    const val = data.val;
    const rows = [...val.labels.keys()].filter((i) => val.labels[i] === 0);
    const pick = (m: ArrayLike<number>) =>
      Float64Array.from(rows.flatMap((i) => Array.from({ length: k }, (_, j) => m[i * k + j])));
    const only = {
      labels: Int32Array.from(rows, () => 0),
      zeroShot: pick(val.zeroShot),
      fineTuned: pick(val.fineTuned),
    };
    const n = rows.length;
    writeNpy(join(root, 'logits/labels/val.npy'), only.labels, [n]);
    writeNpy(join(root, 'logits/zero-shot/val.npy'), Float32Array.from(only.zeroShot), [n, k]);
    writeNpy(join(root, 'logits/fine-tuned/val.npy'), Float32Array.from(only.fineTuned), [n, k]);
    for (const alpha of SWEEP)
      writeNpy(join(root, `logits/wise/${alpha}/val.npy`), Float32Array.from(mixLogits(only as never, alpha)), [n, k]);

    const run = await runPaperExperiment({ configFile: config, root, runId: 'empty-groups' });
    const m = run.record!.metrics as ManyShotMetrics;
    for (const [name, method] of Object.entries(m.inDomain.methods)) {
      if (!method) continue;
      const groups = method.groups!;
      // Two of the three groups have no test sample: their keys are left out.
      expect(Object.keys(groups), name).toHaveLength(1);
      for (const g of Object.values(groups)) expect(Number.isFinite(g), name).toBe(true);
    }
    expect(Object.keys(m.inDomain.undefinedMetrics ?? {})).toHaveLength(2);
    const tables = join(run.runDir!, 'tables');
    for (const file of readdirSync(tables)) {
      const text = readFileSync(join(tables, file), 'utf8');
      expect(text, file).not.toMatch(/\bNaN\b|\bInf\b|Infinity/);
    }
  }, 60_000);
});
