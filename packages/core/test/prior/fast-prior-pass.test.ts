import { describe, expect, it } from 'vitest';
import { estimatePriorExact, matrix, ParallelPriorPass } from '../../src/index.js';
import { priorSandwich } from '../../src/prior/prior-sandwich.js';
import { WasmKernels } from '../../src/wasm-kernels.js';
import { biasedLogits, zipfPrior } from '../generate-logits.js';
import { referencePriorPass } from './reference-prior-pass.js';

/**
 * Runs a float32 exponential kernel in place on `count` - 8 points spread over [-87, 0] and eight edge cases (0,
 * +-ln 2 reduction boundaries, a tiny argument, both sides of -87, -100, -Infinity). Returns its worst relative
 * error against Math.exp of the float32 arguments (all but the last three) and its outputs at 0, -87.001, -100 and
 * -Infinity.
 */
function float32Exponential(kernel: 'expInPlaceF32' | 'expShortInPlaceF32', count: number) {
  const kernels = new WasmKernels();
  const at = kernels.alloc(count * 4);
  const values = kernels.f32(at, count);
  for (let i = 0; i < count - 8; i++) values[i] = -87 * (i / (count - 9));
  values.set([0, -Math.LN2 / 2, -Math.LN2 * 1.5, -1e-30, -86.999, -87.001, -100, -Infinity], count - 8);
  const inputs = Float64Array.from(values); // the float32 arguments, exactly
  kernels.exports[kernel](at, count);
  const out = kernels.f32(at, count);
  let worst = 0;
  for (let i = 0; i < count - 3; i++) worst = Math.max(worst, Math.abs(out[i] / Math.exp(inputs[i]) - 1));
  return { worst, edges: [out[count - 8], out[count - 3], out[count - 2], out[count - 1]] };
}

describe("the exact prior solver's fast (float32) passes", () => {
  it('exponentiates within 3e-7 relative of Math.exp on [-87, 0], 1 at 0 and 0 below -87', () => {
    const { worst, edges } = float32Exponential('expInPlaceF32', 4000);
    // Float32 rounds to 6e-8 relative; the reduction and polynomial add a few roundings of that size.
    expect(worst).toBeLessThan(3e-7);
    expect(edges).toEqual([1, 0, 0, 0]);
  });

  it("the Newton passes' exponential: within 3e-7 relative of Math.exp on [-87, 0], 1 at 0 and 0 below -87", () => {
    const { worst, edges } = float32Exponential('expShortInPlaceF32', 40000);
    // The polynomial's 1.1e-7 (its fit, python3/numpy) and a few float32 roundings of 6e-8.
    expect(worst).toBeLessThan(3e-7);
    expect(worst).toBeGreaterThan(1.2e-7); // the short polynomial (1.7e-7 measured; the Taylor one: 9.7e-8)
    expect(edges).toEqual([1, 0, 0, 0]);
  });

  // K = 7 (a 4-wide vector and a 3-column tail), 97 rows over blocks of 32, one inactive class.
  const { logits, labels } = biasedLogits({ k: 7, perClass: 14, prior: zipfPrior(7, 10, 2), seed: 3 });
  const keepRows = Array.from(labels.keys())
    .filter((i) => labels[i] !== 2)
    .slice(0, 97);
  const f32 = matrix(
    Float32Array.from(keepRows.flatMap((i) => Array.from(logits.data.subarray(i * 7, i * 7 + 7)))),
    keepRows.length,
    7,
  );
  const y = Int32Array.from(keepRows, (i) => labels[i]);
  const b = Float64Array.from([0.2, -0.1, 0.4, 0, -0.3, 0.1, 0.05]);
  const active = Uint8Array.from([1, 1, 0, 1, 1, 1, 1]);

  it('matches the direct float64 formula to float32 accuracy, and keeps the same probabilities', () => {
    const reference = referencePriorPass(f32, y, 0.9, b, active, 0.01);
    const evaluator = ParallelPriorPass.open(f32, y, 0.9, { blockRows: 32 });
    try {
      expect(evaluator.fastPasses).toBe(true);
      const p = evaluator.pass(b, active, 0.01, true);
      // v = z s + b rounded to float32 (|v| < 8 here: 5e-7 absolute), exponentials to a few 1e-7 relative.
      expect(Math.abs(p.loss - reference.loss)).toBeLessThan(2e-6);
      for (let j = 0; j < 7; j++) {
        expect(Math.abs(p.meanProbability[j] - reference.meanProbability[j])).toBeLessThan(1e-6);
        expect(Math.abs((p.diagonal as Float64Array)[j] - reference.diagonal[j])).toBeLessThan(1e-6);
      }
      expect(p.meanProbability[2]).toBe(0);
      expect(p.keptCount).toBe(reference.keptCount);
      const plain = evaluator.pass(b, active, undefined, true);
      expect(plain.loss).toBe(p.loss);
      expect(Array.from(plain.meanProbability)).toEqual(Array.from(p.meanProbability));
    } finally {
      evaluator.close();
    }
  });

  it("gives the Newton operator's diagonal: p (1 - p) for kept probabilities, p for those left out", () => {
    // keepRelative 0.5 leaves out probabilities up to half the row's off-peak mass, where p^2 is far above the
    // float32 rounding: the exact diagonal sum p (1 - p) and this one differ measurably.
    const keepRelative = 0.5;
    const { rows, data } = f32;
    const operator = new Float64Array(7);
    const exact = new Float64Array(7);
    for (let i = 0; i < rows; i++) {
      const v = Array.from({ length: 7 }, (_, j) => (active[j] ? data[i * 7 + j] * 0.9 + b[j] : -Infinity));
      const max = Math.max(...v);
      const e = v.map((x) => Math.exp(x - max));
      const sum = e.reduce((t, x) => t + x, 0);
      const p = e.map((x) => x / sum);
      const threshold = keepRelative * (1 - Math.max(...p));
      for (let j = 0; j < 7; j++) {
        operator[j] += (p[j] >= threshold ? p[j] * (1 - p[j]) : p[j]) / rows;
        exact[j] += (p[j] * (1 - p[j])) / rows;
      }
    }
    const evaluator = ParallelPriorPass.open(f32, y, 0.9, { blockRows: 32 });
    try {
      const diagonal = evaluator.pass(b, active, keepRelative, true).diagonal as Float64Array;
      let gap = 0;
      for (let j = 0; j < 7; j++) {
        expect(Math.abs(diagonal[j] - operator[j])).toBeLessThan(1e-6);
        gap = Math.max(gap, Math.abs(operator[j] - exact[j]));
      }
      expect(gap).toBeGreaterThan(1e-4);
    } finally {
      evaluator.close();
    }
  });

  it("keeps a near-certain row's off-peak mass (1e-12, far below float32's rounding of 1) in the diagonal", () => {
    // One row, K = 5: logits (28, 0, 0, 0, 0), so p_0 = 1 - 4 e^-28 (1 - p_0 = 2.8e-12): p_0 (1 - p_0) must come
    // out near 2.8e-12, which a float32 row sum (1 + 2.8e-12 = 1) would lose.
    const row = matrix(Float32Array.from([28, 0, 0, 0, 0]), 1, 5);
    const evaluator = ParallelPriorPass.open(row, Int32Array.from([0]), 1);
    try {
      const pass = evaluator.pass(new Float64Array(5), new Uint8Array(5).fill(1), 1e-3, true);
      const offPeak = 4 * Math.exp(-28);
      const diagonal = pass.diagonal as Float64Array;
      // The off-peak mass is sum - 1 of a float64 row sum: to 1.1e-16 absolute (4e-5 of it here; a float32 sum
      // would give 0 or a multiple of 6e-8). The other classes' p (1 - p): float32 exponentials, 3e-7 relative.
      expect(Math.abs(diagonal[0] - offPeak / (1 + offPeak))).toBeLessThan(2.3e-16);
      for (let j = 1; j < 5; j++)
        expect(Math.abs(diagonal[j] / (Math.exp(-28) / (1 + offPeak)) - 1)).toBeLessThan(1e-6);
      expect(pass.keptCount).toBe(5); // each e^-28 is 1/4 of the off-peak mass: kept
    } finally {
      evaluator.close();
    }
  });

  it('float64 logits get float64 passes even when a fast one is asked for', () => {
    const f64 = matrix(Float64Array.from(f32.data), f32.rows, 7);
    const evaluator = ParallelPriorPass.open(f64, y, 0.9, { blockRows: 32 });
    try {
      expect(evaluator.fastPasses).toBe(false);
      expect(evaluator.pass(b, active, 0.01, true).loss).toBe(evaluator.pass(b, active, 0.01, false).loss);
    } finally {
      evaluator.close();
    }
  });

  it('reach the same certified optimum as float64 iterations, and q agrees to the certificate', () => {
    const prior = zipfPrior(100, 100, 7);
    const set = biasedLogits({ k: 100, perClass: 60, prior, seed: 8, dims: 12, sigma: 1.5 });
    const fast = estimatePriorExact(set.logits, set.labels, { blockRows: 512 });
    const slow = estimatePriorExact(set.logits, set.labels, { fastPasses: false });
    for (const est of [fast, slow]) {
      expect(est.converged).toBe(true);
      expect(est.certificate).toBeLessThanOrEqual(1e-6);
    }
    // Both certificates are below 1e-8 here; log q moves by about certificate / curvature (curvature >= 1e-3).
    let worst = 0;
    for (let j = 0; j < 100; j++) worst = Math.max(worst, Math.abs(Math.log(fast.prior[j] / slow.prior[j])));
    expect(worst).toBeLessThan(1e-4);
    expect(Math.abs(fast.objective - slow.objective)).toBeLessThan(1e-12);
  });

  it("keeps its probabilities while other kernels use the thread's kernel memory, and frees it on close", () => {
    const set = biasedLogits({ k: 40, perClass: 20, prior: zipfPrior(40, 20, 3), seed: 5 });
    const b = Float64Array.from({ length: 40 }, (_, j) => 0.05 * (j % 9));
    const all = new Uint8Array(40).fill(1);
    const v = Float64Array.from({ length: 40 }, (_, j) => Math.cos(j));
    const evaluator = ParallelPriorPass.open(set.logits, set.labels, 1, { blockRows: 64 });
    try {
      evaluator.pass(b, all, 1e-3, true);
      const before = new Float64Array(40);
      evaluator.hessianTimes(v, before);
      // The sandwich resets and fills this thread's kernel memory (megabytes of its own).
      priorSandwich(set.logits, set.labels, b, 1, 0);
      const after = new Float64Array(40);
      evaluator.hessianTimes(v, after);
      expect(Array.from(after)).toEqual(Array.from(before));
      // A float64 keeping pass replaces the kept probabilities: the product follows the new ones.
      evaluator.pass(b, all, 1e-3, false);
      const exact = new Float64Array(40);
      evaluator.hessianTimes(v, exact);
      for (let j = 0; j < 40; j++)
        expect(Math.abs(exact[j] - before[j])).toBeLessThan(1e-5 * (1 + Math.abs(before[j])));
    } finally {
      evaluator.close();
    }
    // After the release, the sandwich on the same thread still matches a run on fresh data.
    const first = priorSandwich(set.logits, set.labels, b, 1, 1e-3);
    const again = priorSandwich(set.logits, set.labels, b, 1, 1e-3);
    expect(Array.from(again.scores)).toEqual(Array.from(first.scores));
  });
});
