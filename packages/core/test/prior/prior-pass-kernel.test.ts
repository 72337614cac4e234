import { describe, expect, it } from 'vitest';
import { matrix, ParallelPriorPass } from '../../src/index.js';
import { biasedLogits, zipfPrior } from '../generate-logits.js';
import { referencePriorPass } from './reference-prior-pass.js';

describe('the WebAssembly prior pass kernel', () => {
  // K = 7: one 4-wide vector and a 3-column tail per row; 97 rows over blocks of 32 (a short last block).
  const { logits, labels } = biasedLogits({ k: 7, perClass: 14, prior: zipfPrior(7, 10, 2), seed: 3 });
  // Class 2 is left out of the softmax below, so its rows are dropped (an inactive class has no sample).
  const keepRows = Array.from(labels.keys())
    .filter((i) => labels[i] !== 2)
    .slice(0, 97);
  const rows = keepRows.length;
  const f32 = matrix(
    Float32Array.from(keepRows.flatMap((i) => Array.from(logits.data.subarray(i * 7, i * 7 + 7)))),
    rows,
    7,
  );
  const f64 = matrix(Float64Array.from(f32.data), rows, 7);
  const y = Int32Array.from(keepRows, (i) => labels[i]);
  const b = Float64Array.from([0.2, -0.1, 0.4, 0, -0.3, 0.1, 0.05]);
  const active = Uint8Array.from([1, 1, 0, 1, 1, 1, 1]);

  const pass = (m: typeof f32 | typeof f64, keep?: number) => {
    const evaluator = ParallelPriorPass.open(m, y, 0.9, { blockRows: 32 });
    try {
      return evaluator.pass(b, active, keep);
    } finally {
      evaluator.close();
    }
  };

  it('reads float64 logits like the same values in float32, and both match the direct formula', () => {
    const reference = referencePriorPass(f32, y, 0.9, b, active, 0.01);
    for (const m of [f32, f64]) {
      const p = pass(m, 0.01);
      expect(Math.abs(p.loss - reference.loss)).toBeLessThan(1e-14);
      for (let j = 0; j < 7; j++) {
        expect(Math.abs(p.meanProbability[j] - reference.meanProbability[j])).toBeLessThan(1e-15);
        expect(Math.abs((p.diagonal as Float64Array)[j] - reference.diagonal[j])).toBeLessThan(1e-15);
      }
      expect(p.meanProbability[2]).toBe(0); // inactive class: out of the softmax
      expect(p.keptCount).toBe(reference.keptCount);
    }
    const a = pass(f32);
    const c = pass(f64);
    expect(c.loss).toBe(a.loss);
    expect(Array.from(c.meanProbability)).toEqual(Array.from(a.meanProbability));
  });
});
