import { describe, expect, it } from 'vitest';
import { matrix } from '../../src/index.js';
import { priorSandwich, sandwichBlockCount } from '../../src/prior/prior-sandwich.js';
import { biasedLogits, zipfPrior } from '../generate-logits.js';
import { referencePriorPass as priorPass } from './reference-prior-pass.js';

describe('priorSandwich against brute force', () => {
  const k = 5;
  const generated = biasedLogits({ k, perClass: 12, prior: zipfPrior(k, 8, 3), seed: 9, sigma: 1.4 });
  const labels = generated.labels;
  // Float64 logits get float64 exponentials, checked here to rounding; float32 ones get float32 exponentials
  // (last test of this block).
  const logits = matrix(Float64Array.from(generated.logits.data), generated.logits.rows, k);
  const n = labels.length;
  const b = Float64Array.from([0.3, -0.2, 0.1, 0.5, -0.7]);
  const scale = 1 / 1.3;
  const all = new Uint8Array(k).fill(1);
  // keepRelative 0 keeps every probability: the result must then equal the definitions computed densely.
  const sandwich = priorSandwich(logits, labels, b, scale, 0);

  it('the Hessian is the derivative of the gradient mean p - freq (central differences)', () => {
    const h = 1e-5;
    for (let c = 0; c < k; c++) {
      const up = Float64Array.from(b);
      const down = Float64Array.from(b);
      up[c] += h;
      down[c] -= h;
      const gUp = priorPass(logits, labels, scale, up, all).meanProbability;
      const gDown = priorPass(logits, labels, scale, down, all).meanProbability;
      for (let j = 0; j < k; j++) expect(sandwich.hessian[j * k + c]).toBeCloseTo((gUp[j] - gDown[j]) / (2 * h), 8);
    }
  });

  it('the score matrix is the within-class covariance of p_i - e_{y_i}, and the gradient its mean', () => {
    const p = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      const a = Array.from({ length: k }, (_, j) => logits.data[i * k + j] * scale + b[j]);
      const z = a.reduce((s, v) => s + Math.exp(v), 0);
      for (let j = 0; j < k; j++) p[i * k + j] = Math.exp(a[j]) / z - (labels[i] === j ? 1 : 0);
    }
    const classMean = new Float64Array(k * k);
    const count = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      count[labels[i]]++;
      for (let j = 0; j < k; j++) classMean[labels[i] * k + j] += p[i * k + j];
    }
    for (let c = 0; c < k; c++) for (let j = 0; j < k; j++) classMean[c * k + j] /= count[c];
    for (let a = 0; a < k; a++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += p[i * k + a] / n;
      expect(sandwich.gradient[a]).toBeCloseTo(mean, 14);
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let i = 0; i < n; i++) {
          const y = labels[i];
          s += (p[i * k + a] - classMean[y * k + a]) * (p[i * k + c] - classMean[y * k + c]);
        }
        expect(sandwich.scores[a * k + c]).toBeCloseTo(s / n, 13);
      }
    }
  });

  it('float32 logits: float32 exponentials, every sum within 3e-6 of the float64 one relative to its scale', () => {
    // Probabilities within 1.3e-6 relative (float32 exponential and v - max rounded to float32), products of two
    // within 2.6e-6; the sums add terms of either sign, so the bound is relative to the largest entry.
    const fast = priorSandwich(generated.logits, labels, b, scale, 0);
    for (const name of ['hessian', 'scores'] as const) {
      const exact = sandwich[name];
      const size = exact.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      let worst = 0;
      for (let x = 0; x < k * k; x++) worst = Math.max(worst, Math.abs(fast[name][x] - exact[x]));
      expect(worst).toBeLessThan(3e-6 * size);
      expect(worst).toBeGreaterThan(0); // the float32 path did run
    }
    for (let c = 0; c < k; c++) expect(Math.abs(fast.gradient[c] - sandwich.gradient[c])).toBeLessThan(3e-6);
  });
});

describe('priorSandwich on worker threads', () => {
  it('gives the same bytes on 1 and 3 threads (fixed class blocks, added in block order)', () => {
    const k = 11;
    const { logits, labels } = biasedLogits({ k, perClass: 9, prior: zipfPrior(k, 8, 3), seed: 4, sigma: 1.2 });
    const b = Float64Array.from({ length: k }, (_, j) => 0.1 * j);
    const one = priorSandwich(logits, labels, b, 0.8, 1e-3);
    const three = priorSandwich(logits, labels, b, 0.8, 1e-3, { threads: 3 });
    expect(sandwichBlockCount(k)).toBe(8);
    expect(Buffer.from(three.hessian.buffer, three.hessian.byteOffset, three.hessian.byteLength)).toEqual(
      Buffer.from(one.hessian.buffer, one.hessian.byteOffset, one.hessian.byteLength),
    );
    expect(Buffer.from(three.scores.buffer, three.scores.byteOffset, three.scores.byteLength)).toEqual(
      Buffer.from(one.scores.buffer, one.scores.byteOffset, one.scores.byteLength),
    );
    expect(Array.from(three.gradient)).toEqual(Array.from(one.gradient));
  });

  it('uses fewer class blocks when 8 pairs of k x k partials would pass 256 MB', () => {
    expect(sandwichBlockCount(1000)).toBe(8);
    expect(sandwichBlockCount(2048)).toBe(4);
    expect(sandwichBlockCount(5000)).toBe(1);
  });
});

describe('priorSandwich on float32 logits', () => {
  it('is within float32 exponentials of the sandwich of the same values held as float64 (k = 7: a vector tail)', () => {
    const k = 7;
    const { logits, labels } = biasedLogits({ k, perClass: 6, prior: zipfPrior(k, 8, 3), seed: 2, sigma: 1.1 });
    const f32 = Float32Array.from(logits.data);
    const asF32 = { rows: logits.rows, cols: k, data: f32 };
    const asF64 = { rows: logits.rows, cols: k, data: Float64Array.from(f32) };
    const b = Float64Array.from({ length: k }, (_, j) => -0.2 * j);
    const one = priorSandwich(asF32, labels, b, 1.1);
    const two = priorSandwich(asF64, labels, b, 1.1);
    // The logits are read exactly; only the exponentials differ (1.3e-6 relative, see the block above).
    for (const name of ['hessian', 'scores'] as const) {
      const size = two[name].reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      for (let x = 0; x < k * k; x++) expect(Math.abs(one[name][x] - two[name][x])).toBeLessThan(3e-6 * size);
    }
  });
});

describe('priorSandwich pair buffer', () => {
  it('matches the dense definitions when a block buffers more kept entries than fit at once (65,536)', () => {
    // keepRelative 0 keeps all 24 probabilities of each row; a block holds 3 classes of 1,000 rows: 72,000 entries,
    // so the pair products are added in more than one batch.
    const k = 24;
    const generated = biasedLogits({ k, perClass: 1000, prior: zipfPrior(k, 8, 3), seed: 5, sigma: 1.3 });
    const { labels } = generated;
    const logits = matrix(Float64Array.from(generated.logits.data), generated.logits.rows, k);
    const n = labels.length;
    const b = Float64Array.from({ length: k }, (_, j) => 0.05 * j - 0.4);
    const sandwich = priorSandwich(logits, labels, b, 0.9, 0, { threads: 2 });
    // Dense sums over every row: the Hessian's pair terms -p_a p_c, the raw scores g_a g_c (g = p - e_y), and the
    // per-class sums of g; the scores subtract each class's mean gradient: sum_i g_a g_c - sum_y n_y gbar_ya gbar_yc.
    const hessian = new Float64Array(k * k);
    const raw = new Float64Array(k * k);
    const classSum = new Float64Array(k * k);
    const counts = new Float64Array(k);
    const p = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const y = labels[i];
      let z = 0;
      for (let j = 0; j < k; j++) {
        p[j] = Math.exp(logits.data[i * k + j] * 0.9 + b[j]);
        z += p[j];
      }
      for (let j = 0; j < k; j++) p[j] /= z;
      counts[y]++;
      for (let j = 0; j < k; j++) classSum[y * k + j] += p[j] - (y === j ? 1 : 0);
      for (let a = 0; a < k; a++) {
        for (let c = 0; c < a; c++) {
          hessian[a * k + c] -= p[a] * p[c];
          raw[a * k + c] += (p[a] - (y === a ? 1 : 0)) * (p[c] - (y === c ? 1 : 0));
        }
      }
    }
    for (let a = 1; a < k; a++) {
      for (let c = 0; c < a; c++) {
        let within = raw[a * k + c];
        for (let y = 0; y < k; y++) within -= (classSum[y * k + a] * classSum[y * k + c]) / counts[y];
        expect(sandwich.hessian[a * k + c]).toBeCloseTo(hessian[a * k + c] / n, 12);
        expect(sandwich.hessian[c * k + a]).toBe(sandwich.hessian[a * k + c]);
        expect(sandwich.scores[a * k + c]).toBeCloseTo(within / n, 12);
      }
    }
  });
});
