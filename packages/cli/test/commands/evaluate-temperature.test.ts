import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGla, tempDir, writeNpy } from '../cli-harness.js';
import { geometricPrior, syntheticLogits } from '../synthetic-logits.js';

/** Accuracy of argmax_j score(i, j), computed directly (independent of the package's code). */
function accuracy(n: number, k: number, labels: Int32Array, score: (i: number, j: number) => number) {
  let correct = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (score(i, j) > score(i, best)) best = j;
    if (best === labels[i]) correct++;
  }
  return correct / n;
}

describe('gla evaluate: temperatures recorded in the prior file', () => {
  const k = 20;
  const prior = geometricPrior(k, 40);
  const zsData = syntheticLogits(k, 15, prior, 11, 2.5);
  const ftData = syntheticLogits(k, 15, new Float64Array(k).fill(1 / k), 12, 1);
  const n = zsData.labels.length;
  const q = Array.from(prior);
  const zs = (i: number, j: number) => zsData.logits[i * k + j];
  const ft = (i: number, j: number) => ftData.logits[i * k + j];
  const glaAt = (t: number) =>
    accuracy(n, k, zsData.labels, (i, j) => zs(i, j) / t - Math.log(q[j]) + ft(i, j) - Math.log(1 / k));

  function setup(priorJson: unknown) {
    const dir = tempDir();
    const files = {
      y: writeNpy(dir, 'y.npy', zsData.labels, [n]),
      zs: writeNpy(dir, 'zs.npy', zsData.logits, [n, k]),
      ft: writeNpy(dir, 'ft.npy', ftData.logits, [n, k]),
      prior: join(dir, 'prior.json'),
    };
    writeFileSync(files.prior, JSON.stringify(priorJson));
    const args = ['evaluate', '--labels', files.y, '--zero-shot', files.zs, '--fine-tuned', files.ft];
    return { dir, files, args: [...args, '--prior', files.prior] };
  }

  it('applies the recorded zero-shot temperature by default and records it in metrics.json', async () => {
    // The temperature must matter on this data, or the test could not tell applied from ignored.
    expect(glaAt(4)).not.toBe(glaAt(1));
    const { dir, args } = setup({ prior: q, temperature: 4, temperatureRule: 'confidence', solver: 'exact' });
    const out = join(dir, 'm.json');
    const { code, lines } = await runGla([...args, '--out', out]);
    expect(code, lines.join('\n')).toBe(0);
    const m = JSON.parse(readFileSync(out, 'utf8'));
    expect(m.methods.gla.top1).toBeCloseTo(glaAt(4), 12);
    expect(m.temperatures.zeroShot).toEqual({
      value: 4,
      source: 'prior file',
      rule: 'confidence',
      appliesTo: ['debiased-zero-shot', 'gla'],
    });
    expect(m.temperatures.fineTuned).toMatchObject({ value: 1, source: 'default' });
    expect(m.prior).toMatchObject({ file: join(dir, 'prior.json'), solver: 'exact', temperatureRule: 'confidence' });
    expect(m.alpha).toBe(0.5);
  });

  it('lets a flag override the recorded temperature, with a note naming both', async () => {
    const { dir, args } = setup({ prior: q, temperature: 4, temperatureRule: 'confidence' });
    const out = join(dir, 'm.json');
    const { code, lines } = await runGla([...args, '--zero-shot-temperature', '1', '--out', out]);
    expect(code).toBe(0);
    expect(lines.filter((l) => l.startsWith('note:'))).toEqual([
      `note: --zero-shot-temperature 1 overrides T = 4 (confidence) that ${join(dir, 'prior.json')} was estimated with`,
    ]);
    const m = JSON.parse(readFileSync(out, 'utf8'));
    expect(m.methods.gla.top1).toBeCloseTo(glaAt(1), 12);
    expect(m.temperatures.zeroShot).toMatchObject({ value: 1, source: 'flag' });
  });

  it('uses T = 1 for a bare prior, and refuses fitted rules on the test set', async () => {
    const { dir, args } = setup(q);
    const out = join(dir, 'm.json');
    expect((await runGla([...args, '--out', out])).code).toBe(0);
    const m = JSON.parse(readFileSync(out, 'utf8'));
    expect(m.methods.gla.top1).toBeCloseTo(glaAt(1), 12);
    expect(m.temperatures.zeroShot).toMatchObject({ value: 1, source: 'default' });
    const bad = await runGla([...args, '--zero-shot-temperature', 'confidence', '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.lines[0]).toMatch(/--zero-shot-temperature: expected a positive number or none, got 'confidence'/);
  });

  it('chains: estimate-prior --temperature confidence then evaluate equals evaluate with the temperature given', async () => {
    const { dir, files, args } = setup(q);
    const priorOut = join(dir, 'estimated.json');
    const est = await runGla([
      'estimate-prior',
      '--logits',
      files.zs,
      '--labels',
      files.y,
      '--temperature',
      'confidence',
      '--out',
      priorOut,
    ]);
    expect(est.code).toBe(0);
    const estimated = JSON.parse(readFileSync(priorOut, 'utf8'));
    expect(estimated.temperatureRule).toBe('confidence');
    expect(estimated.temperature).not.toBe(1);
    expect(estimated.estimationSet).toMatchObject({ logits: files.zs, labels: files.y, samples: n });
    expect(
      est.lines.some((l) => /^exact solver: converged \(certificate .*\); temperature confidence T = /.test(l)),
    ).toBe(true);
    const chained = join(dir, 'chained.json');
    const explicit = join(dir, 'explicit.json');
    const base = args.slice(0, -1);
    expect((await runGla([...base, priorOut, '--out', chained])).code).toBe(0);
    expect(
      (await runGla([...base, priorOut, '--zero-shot-temperature', String(estimated.temperature), '--out', explicit]))
        .code,
    ).toBe(0);
    const a = JSON.parse(readFileSync(chained, 'utf8'));
    const b = JSON.parse(readFileSync(explicit, 'utf8'));
    expect(a.methods).toEqual(b.methods);
    expect(a.temperatures.zeroShot.value).toBe(estimated.temperature);
  });
});
