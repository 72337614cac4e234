import { describe, expect, it } from 'vitest';
import {
  InputError,
  evaluateRun,
  expectedCalibrationError,
  matrix,
  maxSoftmaxScores,
  methodMetrics,
  scoreMetrics,
} from '../src/index.js';
import { calibrationErrorOfScores } from '../src/score-metrics.js';

/** Two-class logits whose max-softmax confidence is `p` on class `predicted`: softmax([log(p/(1-p)), 0]). */
function twoClassRow(p: number, predicted: number): number[] {
  const z = Math.log(p / (1 - p));
  return predicted === 0 ? [z, 0] : [0, z];
}

/** One-hot logits (value 5) at each predicted class. */
function oneHot(predictions: number[], k: number) {
  const data = new Float64Array(predictions.length * k);
  predictions.forEach((p, i) => {
    data[i * k + p] = 5;
  });
  return matrix(data, predictions.length, k);
}

describe('ECE uses 15 bins by default (hand-computed, bin-count dependent)', () => {
  // Confidence 0.62 (correct) and 0.68 (wrong). With 15 bins they fall in (9/15, 10/15] and (10/15, 11/15]:
  // ECE = (|1 - 0.62| + |0 - 0.68|) / 2 = 0.53. With 10 bins both fall in (0.6, 0.7]: |1 - 1.30| / 2 = 0.15.
  const logits = matrix(Float64Array.from([...twoClassRow(0.62, 0), ...twoClassRow(0.68, 0)]), 2, 2);
  const labels = Int32Array.from([0, 1]);
  const groups = Int8Array.from([0, 2]);

  it('expectedCalibrationError', () => {
    expect(expectedCalibrationError(logits, labels)).toBeCloseTo(0.53, 12);
    expect(expectedCalibrationError(logits, labels, 10)).toBeCloseTo(0.15, 12);
  });

  it('methodMetrics and scoreMetrics', () => {
    expect(methodMetrics(logits, labels, groups).ece).toBeCloseTo(0.53, 12);
    expect(scoreMetrics(maxSoftmaxScores(logits), labels, groups, 2).ece).toBeCloseTo(0.53, 12);
  });

  it('evaluateRun (the fused scorer)', () => {
    const run = evaluateRun({
      zeroShot: logits,
      fineTuned: logits,
      labels,
      pretrainingPrior: Float64Array.from([0.5, 0.5]),
    });
    expect(run.methods['zero-shot']!.ece).toBeCloseTo(0.53, 12);
    expect(run.methods.gla!.ece).toBeGreaterThan(0);
  });
});

describe('max-softmax scores are stable for logits of 1e4 (the row maximum is subtracted)', () => {
  // softmax([1e4, 1e4 - log 3]) = [3/4, 1/4] exactly in real arithmetic; exp(1e4) alone overflows to Infinity.
  const big = matrix(Float64Array.from([1e4, 1e4 - Math.log(3), 1e4 - Math.log(3), 1e4]), 2, 2);
  const labels = Int32Array.from([0, 0]);

  it('maxSoftmaxScores', () => {
    const { predictions, confidence } = maxSoftmaxScores(big);
    expect(Array.from(predictions)).toEqual([0, 1]);
    expect(confidence[0]).toBeCloseTo(0.75, 12);
    expect(confidence[1]).toBeCloseTo(0.75, 12);
  });

  it('the fused scorer of evaluateRun, every method', () => {
    const run = evaluateRun({
      zeroShot: big,
      fineTuned: big,
      labels,
      pretrainingPrior: Float64Array.from([0.5, 0.5]),
      alphas: [0, 0.3, 1],
    });
    // Row 0 correct at 0.75, row 1 wrong at 0.75: one bin, |1/2 - 3/4| = 1/4. The scorer's exponentials are
    // float32 (confidences within 3e-7 relative, see score-combination.test.ts).
    const near = (value: number, expected: number) => expect(Math.abs(value - expected)).toBeLessThan(3e-7);
    near(run.methods['zero-shot']!.ece, 0.25);
    near(run.methods['fine-tuned']!.ece, 0.25);
    near(run.methods['debiased-zero-shot']!.ece, 0.25);
    near(run.methods['output-ensemble']!.ece, 0.25);
    for (const point of run.sweep) near(point.metrics.ece, 0.25);
    // GLA adds the two logits: softmax([2e4, 2e4 - 2 log 3]) = [9/10, 1/10]; |1/2 - 9/10| = 0.4.
    near(run.methods.gla!.ece, 0.4);
  });
});

describe('head / medium / tail are pooled over test images on an unbalanced test set', () => {
  // Groups: head {0, 1}, medium {2, 3}, tail {4, 5}. Test images per class: 4, 1 | 1, 3 | 2, 1.
  const labels = Int32Array.from([0, 0, 0, 0, 1, 2, 3, 3, 3, 4, 4, 5]);
  // Correct: class 0 all 4; class 1 none; class 2 its one; class 3 one of 3; class 4 none; class 5 its one.
  const predictions = [0, 0, 0, 0, 0, 2, 3, 0, 0, 0, 0, 5];
  const groups = Int8Array.from([0, 0, 1, 1, 2, 2]);
  // Pooled: head 4/5, medium 2/4, tail 1/3. (Mean per class would give 1/2, 2/3, 1/2.)
  const pooled = { head: 4 / 5, medium: 2 / 4, tail: 1 / 3 };

  it('methodMetrics (default rule)', () => {
    const m = methodMetrics(oneHot(predictions, 6), labels, groups);
    expect(m.head).toBeCloseTo(pooled.head, 15);
    expect(m.medium).toBeCloseTo(pooled.medium, 15);
    expect(m.tail).toBeCloseTo(pooled.tail, 15);
    const perClass = methodMetrics(oneHot(predictions, 6), labels, groups, 'mean-per-class');
    expect([perClass.head, perClass.medium, perClass.tail].map((v) => v.toFixed(12))).toEqual(
      [1 / 2, 2 / 3, 1 / 2].map((v) => v.toFixed(12)),
    );
  });

  it('evaluateRun (default rule)', () => {
    const logits = oneHot(predictions, 6);
    const run = evaluateRun({
      zeroShot: logits,
      fineTuned: logits,
      labels,
      pretrainingPrior: new Float64Array(6).fill(1 / 6),
      groups,
    });
    for (const method of ['zero-shot', 'fine-tuned', 'gla'] as const) {
      const m = run.methods[method]!;
      expect([m.head, m.medium, m.tail].map((v) => v.toFixed(12))).toEqual(
        [pooled.head, pooled.medium, pooled.tail].map((v) => v.toFixed(12)),
      );
    }
  });
});

describe('a NaN anywhere in scoring is an error naming the method', () => {
  it('calibrationErrorOfScores refuses a NaN confidence instead of dropping it', () => {
    const call = () =>
      calibrationErrorOfScores(
        Float64Array.from([Number.NaN, 0.5]),
        Int32Array.from([0, 0]),
        Int32Array.from([0, 1]),
        15,
        'gla',
      );
    expect(call).toThrow(InputError);
    expect(call).toThrow(/^gla: .*row 0 is NaN/);
  });

  it('methodMetrics names the method when the logits hold a NaN or an infinity', () => {
    const nan = matrix(Float64Array.from([Number.NaN, 0, 1, 0]), 2, 2);
    expect(() => methodMetrics(nan, Int32Array.from([0, 0]), Int8Array.from([0, 2]), 'pooled', 'zero-shot')).toThrow(
      /^zero-shot: /,
    );
    const inf = matrix(Float64Array.from([Number.POSITIVE_INFINITY, 0, 1, 0]), 2, 2);
    expect(() => expectedCalibrationError(inf, Int32Array.from([0, 0]))).toThrow(InputError);
  });

  it('evaluateRun refuses, before scoring, logits whose sums would overflow (GLA adds two logits of 1e308)', () => {
    // Since the reliability merge, logits beyond 1e300 (after / T) are refused up front, naming the input, so no
    // sum can overflow; a NaN that still reached the scorer is named by method (the tests above).
    const huge = matrix(Float64Array.from([1e308, 0, 0, 1e308]), 2, 2);
    const run = () =>
      evaluateRun({ zeroShot: huge, fineTuned: huge, labels: Int32Array.from([0, 1]), pretrainingPrior: [0.5, 0.5] });
    expect(run).toThrow(InputError);
    expect(run).toThrow(/^zero-shot logits: /);
  });
});
