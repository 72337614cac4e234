import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPaperExperiment } from '../../src/index.js';
import type { FewShotMetrics } from '../../src/paper/pipelines/few-shot-pipeline.js';
import { FEW_SHOT_DATASETS, unitKey, writeFewShotLogits } from './helpers/few-shot-logits-layout.js';
import { tempDir } from './helpers/temp-dir.js';

process.env.GLA_NO_PROGRESS = '1';

/** Mean cross-entropy of logits / t, computed directly (independent of the package's code). */
function meanNll(logits: ArrayLike<number>, labels: ArrayLike<number>, k: number, t: number): number {
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const row = Array.from({ length: k }, (_, j) => logits[i * k + j] / t);
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
    total += lse - row[labels[i]];
  }
  return total / labels.length;
}

describe('config temperatures in the CLI vocabulary: none, confidence, nll or a number', () => {
  it('fits the NLL temperature on the estimation set and uses a given number as is', async () => {
    const root = tempDir();
    const { confidenceConfig, data } = writeFewShotLogits(root);
    const config = join(root, 'few-shot-nll.yaml');
    writeFileSync(
      config,
      readFileSync(confidenceConfig, 'utf8')
        .replace('experiment: tiny-few-shot-confidence', 'experiment: tiny-few-shot-nll')
        .replace('zeroShot: confidence', 'zeroShot: nll')
        .replace('fineTuned: confidence', 'fineTuned: 2.5'),
    );
    const run = await runPaperExperiment({ configFile: config, root, runId: 'n' });
    const m = run.record!.metrics as FewShotMetrics;
    expect(m.runs.length).toBeGreaterThan(0);
    for (const r of m.runs) {
      expect(r.temperatures.fineTuned).toBe(2.5);
      const k = FEW_SHOT_DATASETS[r.dataset as keyof typeof FEW_SHOT_DATASETS];
      const unit = data.units[unitKey(r.dataset, r.shots, r.seed)];
      const est = [...unit.train.zeroShot, ...unit.val.zeroShot];
      const labels = [...unit.train.labels, ...unit.val.labels];
      const t = r.temperatures.zeroShot;
      // T minimises the cross-entropy: any nearby temperature does worse.
      const at = meanNll(est, labels, k, t);
      expect(meanNll(est, labels, k, t * 1.01)).toBeGreaterThan(at);
      expect(meanNll(est, labels, k, t / 1.01)).toBeGreaterThan(at);
      expect(r.prior.temperature).toBe(t);
    }
  });

  it('refuses an unknown rule with the key that holds it', async () => {
    const root = tempDir();
    const { confidenceConfig } = writeFewShotLogits(root);
    const config = join(root, 'bad.yaml');
    writeFileSync(config, readFileSync(confidenceConfig, 'utf8').replace('zeroShot: confidence', 'zeroShot: auto'));
    await expect(runPaperExperiment({ configFile: config, root, dryRun: true })).rejects.toThrow(
      /temperature\.zeroShot/,
    );
  });
});
