import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGla, tempDir, writeNpy } from '../cli-harness.js';
import { geometricPrior, syntheticLogits } from '../synthetic-logits.js';

function spearmanLike(a: number[], b: ArrayLike<number>) {
  // Both priors here decrease with the class index, so compare ranks directly.
  const rank = (xs: ArrayLike<number>) => {
    const order = Array.from(xs, (v, i) => [v, i] as const).sort((x, y) => x[0] - y[0]);
    const r = new Array<number>(xs.length);
    order.forEach(([, i], pos) => (r[i] = pos));
    return r;
  };
  const ra = rank(a);
  const rb = rank(b);
  const n = a.length;
  const d2 = ra.reduce((s, v, i) => s + (v - rb[i]) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

describe('gla estimate-prior', () => {
  for (const [k, perClass, minRank, maxMeanLogError] of [
    [100, 60, 0.98, 0.15],
    [1000, 10, 0.95, 0.3],
  ] as const) {
    it(`reaches the certificate and recovers the generating prior (K = ${k})`, async () => {
      const dir = tempDir();
      const prior = geometricPrior(k, 100);
      const { logits, labels } = syntheticLogits(k, perClass, prior, k);
      const zs = writeNpy(dir, 'zs.npy', logits, [labels.length, k]);
      const y = writeNpy(dir, 'y.npy', labels, [labels.length]);
      const out = join(dir, 'prior.json');
      const { code } = await runGla(['estimate-prior', '--logits', zs, '--labels', y, '--out', out]);
      expect(code).toBe(0);
      const file = JSON.parse(readFileSync(out, 'utf8'));
      expect(file.solver).toBe('exact');
      expect(file.temperature).toBe(1);
      expect(file.converged).toBe(true);
      expect(file.certificate).toBeLessThanOrEqual(1e-6);
      expect(file.iterations).toBeGreaterThan(0);
      expect(file.prior).toHaveLength(k);
      expect(file.prior.reduce((s: number, v: number) => s + v, 0)).toBeCloseTo(1, 10);
      expect(spearmanLike(file.prior, prior)).toBeGreaterThan(minRank);
      const meanLogError =
        file.prior.reduce((s: number, q: number, j: number) => s + Math.abs(Math.log(q / prior[j])), 0) / k;
      expect(meanLogError).toBeLessThan(maxMeanLogError);
    });
  }

  it('records per-class standard errors, undetermined classes, the ridge and a bootstrap in prior.json', async () => {
    const dir = tempDir();
    const k = 12;
    const prior = geometricPrior(k, 20);
    const { logits, labels } = syntheticLogits(k, 30, prior, 5);
    const zs = writeNpy(dir, 'zs.npy', logits, [labels.length, k]);
    const y = writeNpy(dir, 'y.npy', labels, [labels.length]);
    const out = join(dir, 'prior.json');
    const args = ['estimate-prior', '--logits', zs, '--labels', y, '--out', out, '--threads', '1'];
    const { code } = await runGla([...args, '--bootstrap', '40']);
    expect(code).toBe(0);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    const u = file.uncertainty;
    expect(u.method).toBe('sandwich');
    expect(u.standardErrors).toHaveLength(k);
    expect(u.solverErrors).toHaveLength(k);
    for (const se of u.standardErrors) expect(se).toBeGreaterThan(0);
    expect(Array.isArray(u.undeterminedClasses)).toBe(true);
    expect(u.threshold).toBe(0.5);
    expect(u.bootstrap.replicates).toBe(40);
    for (let j = 0; j < k; j++) {
      // 40 replicates estimate a standard error to about 11 %: a loose agreement check (the core test is tight).
      expect(u.bootstrap.standardErrors[j] / u.standardErrors[j]).toBeGreaterThan(0.6);
      expect(u.bootstrap.standardErrors[j] / u.standardErrors[j]).toBeLessThan(1.6);
      expect(u.bootstrap.lower[j]).toBeLessThan(u.bootstrap.upper[j]);
    }
    expect(file.ridge).toBeUndefined();
    expect((await runGla([...args, '--ridge', '0.001'])).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).ridge).toBe(0.001);
    expect((await runGla([...args, '--no-standard-errors'])).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).uncertainty).toBeUndefined();
    const paper = await runGla([...args, '--solver', 'paper', '--bootstrap', '5']);
    expect(paper.code).toBe(2);
    expect(paper.lines.join('\n')).toMatch(/--bootstrap: applies to the exact solver/);
  });

  it('writes the paper solver and an automatic temperature with their evidence', async () => {
    const dir = tempDir();
    const prior = geometricPrior(10, 20);
    const { logits, labels } = syntheticLogits(10, 20, prior, 3);
    const zs = writeNpy(dir, 'zs.npy', logits, [labels.length, 10]);
    const y = writeNpy(dir, 'y.npy', labels, [labels.length]);
    const out = join(dir, 'paper.json');
    const { code } = await runGla([
      'estimate-prior',
      '--logits',
      zs,
      '--labels',
      y,
      '--solver',
      'paper',
      '--temperature',
      'auto',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    expect(file.solver).toBe('paper');
    expect(file.iterations).toBe(1000);
    expect(file.temperatureRule).toBe('confidence');
    expect(file.temperature).not.toBe(1);
    expect(file.certificate).toBeGreaterThan(1e-6);
    expect(file.converged).toBe(false);
    expect(typeof file.objective).toBe('number');
    expect(typeof file.rawSum).toBe('number');
  });

  it('writes byte-identical priors on 1 and 2 threads, and refuses a bad --threads', async () => {
    const dir = tempDir();
    const prior = geometricPrior(50, 30);
    const { logits, labels } = syntheticLogits(50, 30, prior, 9);
    const zs = writeNpy(dir, 'zs.npy', logits, [labels.length, 50]);
    const y = writeNpy(dir, 'y.npy', labels, [labels.length]);
    const out = join(dir, 'prior.json');
    expect((await runGla(['estimate-prior', '--logits', zs, '--labels', y, '--threads', '1', '--out', out])).code).toBe(
      0,
    );
    const one = readFileSync(out, 'utf8');
    expect((await runGla(['estimate-prior', '--logits', zs, '--labels', y, '--threads', '2', '--out', out])).code).toBe(
      0,
    );
    expect(readFileSync(out, 'utf8')).toBe(one);
    const bad = await runGla([
      'estimate-prior',
      '--logits',
      zs,
      '--labels',
      y,
      '--threads',
      '0',
      '--out',
      join(dir, 'x.json'),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.lines[0]).toMatch(/--threads: expected a positive integer, got '0'/);
  });

  it('fails with one line naming the file, a non-zero exit and no output on bad input', async () => {
    const dir = tempDir();
    const zs = writeNpy(dir, 'zs.npy', new Float32Array([0, 1, NaN, 2]), [2, 2]);
    const y = writeNpy(dir, 'y.npy', new Int32Array([0, 1]), [2]);
    const y3 = writeNpy(dir, 'y3.npy', new Int32Array([0, 1, 1]), [3]);
    const yBad = writeNpy(dir, 'ybad.npy', new Int32Array([0, 5]), [2]);
    const good = writeNpy(dir, 'good.npy', new Float32Array([0, 1, 3, 2]), [2, 2]);
    const cube = writeNpy(dir, 'cube.npy', new Float32Array(8), [2, 2, 2]);
    const floatLabels = writeNpy(dir, 'yf.npy', new Float32Array([0, 1]), [2]);
    const cases: [string[], RegExp][] = [
      [['--logits', zs, '--labels', y], /zs.npy: non-finite value NaN at row 1, column 0/],
      [['--logits', good, '--labels', y3], /y3.npy: 3 labels, but .*good.npy has 2 rows/],
      [['--logits', good, '--labels', yBad], /label 5 at index 1 is outside \[0, 2\)/],
      [['--logits', cube, '--labels', y], /cube.npy: expected a 2-D logits array/],
      [['--logits', good, '--labels', floatLabels], /yf.npy: labels must be int32 or int64/],
      [['--logits', join(dir, 'missing.npy'), '--labels', y], /missing.npy: file not found/],
      [
        ['--logits', good, '--labels', y, '--temperature', 'warm'],
        /--temperature: expected none, confidence, nll or a positive number/,
      ],
      [['--logits', good, '--labels', y, '--solver', 'adam'], /--solver: expected exact or paper/],
    ];
    for (const [args, pattern] of cases) {
      const out = join(dir, 'out.json');
      const { code, lines } = await runGla(['estimate-prior', ...args, '--out', out]);
      expect(code).toBe(2);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(pattern);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('fits the NLL temperature with --temperature nll and records it', async () => {
    const dir = tempDir();
    const k = 8;
    const { logits, labels } = syntheticLogits(k, 25, geometricPrior(k, 10), 4, 3);
    const zs = writeNpy(dir, 'zs.npy', logits, [labels.length, k]);
    const y = writeNpy(dir, 'y.npy', labels, [labels.length]);
    const out = join(dir, 'nll.json');
    const { code, lines } = await runGla([
      'estimate-prior',
      '--logits',
      zs,
      '--labels',
      y,
      '--temperature',
      'nll',
      '--out',
      out,
    ]);
    expect(code, lines.join('\n')).toBe(0);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    expect(file.temperatureRule).toBe('nll');
    // Mean cross-entropy of logits / t, directly: the recorded T beats its neighbours.
    const nll = (t: number) => {
      let total = 0;
      for (let i = 0; i < labels.length; i++) {
        const row = Array.from({ length: k }, (_, j) => logits[i * k + j] / t);
        const max = Math.max(...row);
        total += max + Math.log(row.reduce((a, v) => a + Math.exp(v - max), 0)) - row[labels[i]];
      }
      return total / labels.length;
    };
    expect(nll(file.temperature * 1.01)).toBeGreaterThan(nll(file.temperature));
    expect(nll(file.temperature / 1.01)).toBeGreaterThan(nll(file.temperature));
    expect(lines[0]).toMatch(/temperature nll T = /);
  });

  it('hints at np.save for a PyTorch file', async () => {
    const dir = tempDir();
    const pt = join(dir, 'logits.pt');
    // torch.save writes a zip archive: 'PK' then the local file header.
    writeFileSync(pt, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0, 0, 0, 0]));
    const y = writeNpy(dir, 'y.npy', new Int32Array([0, 1]), [2]);
    const { code, lines } = await runGla([
      'estimate-prior',
      '--logits',
      pt,
      '--labels',
      y,
      '--out',
      join(dir, 'p.json'),
    ]);
    expect(code).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /logits\.pt: not a \.npy file \(bad magic bytes\); this looks like a PyTorch file: save the tensor with np\.save\('logits\.npy', tensor\.cpu\(\)\.numpy\(\)\)$/,
    );
  });
});
