import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGla, tempDir, writeNpy } from '../cli-harness.js';
import { geometricPrior, syntheticLogits } from '../synthetic-logits.js';

/** Direct computation of the accuracy of argmax(scores(i, j)), independent of the package's code. */
function accuracy(
  n: number,
  k: number,
  labels: Int32Array,
  score: (i: number, j: number) => number,
  classes?: Set<number>,
) {
  let correct = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (classes && !classes.has(labels[i])) continue;
    let best = 0;
    for (let j = 1; j < k; j++) if (score(i, j) > score(i, best)) best = j;
    total++;
    if (best === labels[i]) correct++;
  }
  return correct / total;
}

describe('gla evaluate', () => {
  const k = 30;
  const prior = geometricPrior(k, 50);
  const zsData = syntheticLogits(k, 20, prior, 1);
  const ftData = syntheticLogits(k, 20, new Float64Array(k).fill(1 / k), 2, 1.5);
  const n = zsData.labels.length;
  const labels = zsData.labels;
  const zs = (i: number, j: number) => zsData.logits[i * k + j];
  const ft = (i: number, j: number) => ftData.logits[i * k + j];
  // q deliberately unnormalised (sums to 0.8) like the authors' released q.
  const q = Array.from(prior, (v) => v * 0.8);
  const trainLabels = Int32Array.from({ length: 3 * k }, (_, i) => (i < 2 * k ? i % k : i % 5));
  const ps = Array.from({ length: k }, (_, j) => trainLabels.filter((y) => y === j).length / trainLabels.length);

  function setup() {
    const dir = tempDir();
    const files = {
      y: writeNpy(dir, 'y.npy', labels, [n]),
      zs: writeNpy(dir, 'zs.npy', zsData.logits, [n, k]),
      ft: writeNpy(dir, 'ft.npy', ftData.logits, [n, k]),
      train: writeNpy(dir, 'ytrain.npy', trainLabels, [trainLabels.length]),
      prior: join(dir, 'prior.json'),
    };
    writeFileSync(files.prior, JSON.stringify({ prior: q }));
    return { dir, files };
  }

  it('matches a direct computation of every method, including head / medium / tail thirds by q', async () => {
    const { dir, files } = setup();
    const out = join(dir, 'metrics.json');
    const { code, lines } = await runGla([
      'evaluate',
      '--labels',
      files.y,
      '--zero-shot',
      files.zs,
      '--fine-tuned',
      files.ft,
      '--prior',
      files.prior,
      '--train-labels',
      files.train,
      '--alpha',
      '0.3',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    expect(lines.some((l) => l.includes('renormalised'))).toBe(true);
    const m = JSON.parse(readFileSync(out, 'utf8')).methods;
    const logq = q.map(Math.log);
    const logps = ps.map(Math.log);
    const expected = {
      'zero-shot': zs,
      'fine-tuned': ft,
      'debiased-zero-shot': (i: number, j: number) => zs(i, j) - logq[j],
      'fine-tuned-la': (i: number, j: number) => ft(i, j) - logps[j],
      'output-ensemble': (i: number, j: number) => 0.7 * zs(i, j) + 0.3 * ft(i, j),
      gla: (i: number, j: number) => ft(i, j) - logps[j] + zs(i, j) - logq[j],
    };
    // Prior decreases with the class index: head = classes 0-9, medium 10-19, tail 20-29.
    const groups = [0, 1, 2].map((g) => new Set(Array.from({ length: 10 }, (_, t) => g * 10 + t)));
    expect(Object.keys(m)).toEqual([
      'zero-shot',
      'fine-tuned',
      'fine-tuned-la',
      'output-ensemble',
      'debiased-zero-shot',
      'gla',
    ]);
    for (const [name, score] of Object.entries(expected)) {
      expect(m[name].top1).toBeCloseTo(accuracy(n, k, labels, score), 12);
      expect(m[name].head).toBeCloseTo(accuracy(n, k, labels, score, groups[0]), 12);
      expect(m[name].medium).toBeCloseTo(accuracy(n, k, labels, score, groups[1]), 12);
      expect(m[name].tail).toBeCloseTo(accuracy(n, k, labels, score, groups[2]), 12);
      expect(m[name].ece).toBeGreaterThanOrEqual(0);
    }
    // The debiased zero-shot model is no longer biased towards the head.
    expect(m['zero-shot'].head - m['zero-shot'].tail).toBeGreaterThan(
      m['debiased-zero-shot'].head - m['debiased-zero-shot'].tail,
    );
  });

  it('writes Markdown and CSV tables', async () => {
    const { dir, files } = setup();
    const md = join(dir, 'metrics.md');
    const csv = join(dir, 'metrics.csv');
    const base = [
      'evaluate',
      '--labels',
      files.y,
      '--zero-shot',
      files.zs,
      '--fine-tuned',
      files.ft,
      '--prior',
      files.prior,
    ];
    expect((await runGla([...base, '--format', 'md', '--out', md])).code).toBe(0);
    expect((await runGla([...base, '--format', 'csv', '--out', csv])).code).toBe(0);
    const text = readFileSync(md, 'utf8');
    for (const row of [
      'Zero-shot',
      'Fine-tuned',
      'Debiased zero-shot',
      'Output ensemble (α = 0.5)',
      'GLA (exact estimator)',
    ])
      expect(text).toContain(`| ${row}`);
    const header = readFileSync(csv, 'utf8').split('\n')[0];
    expect(header).toBe('method,top1,head,medium,tail,ece');
  });

  it('refuses mismatched inputs and bad priors with one line and no output', async () => {
    const { dir, files } = setup();
    const ft20 = writeNpy(dir, 'ft20.npy', new Float32Array(n * 20), [n, 20]);
    const ftShort = writeNpy(dir, 'ftshort.npy', new Float32Array(10 * k), [10, k]);
    const ftInf = writeNpy(
      dir,
      'ftinf.npy',
      Float32Array.from(ftData.logits, (v, i) => (i === 7 ? Infinity : v)),
      [n, k],
    );
    const shortPrior = join(dir, 'short.json');
    writeFileSync(shortPrior, JSON.stringify([0.5, 0.5]));
    const zeroPrior = join(dir, 'zero.json');
    writeFileSync(zeroPrior, JSON.stringify({ prior: Array.from({ length: k }, (_, j) => (j === 4 ? 0 : 1)) }));
    const brokenPrior = join(dir, 'broken.json');
    writeFileSync(brokenPrior, '{"prior": [1, 2');
    const cases: [Record<string, string>, RegExp][] = [
      [{ '--fine-tuned': ft20 }, /ft20.npy: 20 classes, but .*zs.npy has 30/],
      [{ '--fine-tuned': ftShort }, /ftshort.npy: 10 rows, but .*zs.npy has 600/],
      [{ '--fine-tuned': ftInf }, /ftinf.npy: non-finite value Infinity at row 0, column 7/],
      [{ '--prior': shortPrior }, /short.json: has 2 entries, expected 30/],
      [{ '--prior': zeroPrior }, /zero.json: entry 4 is 0, priors must be finite and > 0/],
      [{ '--prior': brokenPrior }, /broken.json: not valid JSON/],
      [{ '--alpha': '2' }, /--alpha: expected a number in \[0, 1\]/],
      [{ '--format': 'xlsx' }, /--format: expected json, md, csv, tex/],
    ];
    for (const [override, pattern] of cases) {
      const args = {
        '--labels': files.y,
        '--zero-shot': files.zs,
        '--fine-tuned': files.ft,
        '--prior': files.prior,
        ...override,
      };
      const out = join(dir, 'm.json');
      const { code, lines } = await runGla(['evaluate', ...Object.entries(args).flat(), '--out', out]);
      expect(code, pattern.source).toBe(2);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(pattern);
      expect(existsSync(out)).toBe(false);
    }
  });
});
