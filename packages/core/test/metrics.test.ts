import { describe, expect, it } from 'vitest';
import {
  argmaxRows,
  expectedCalibrationError,
  matrix,
  meanPerClassAccuracy,
  perClassAccuracy,
  top1Accuracy,
} from '../src/index.js';
import { confusionCounts, meanCrossEntropy } from '../src/metrics.js';

const logits = matrix(Float64Array.from([3, 1, 0, 0, 2, 1, 0, 0, 5, 1, 4, 0]), 4, 3);
const labels = Int32Array.from([0, 1, 1, 0]);

describe('metrics', () => {
  it('argmax, top-1 and per-class accuracy on a hand-made case', () => {
    expect(Array.from(argmaxRows(logits))).toEqual([0, 1, 2, 1]);
    expect(top1Accuracy(logits, labels)).toBe(0.5);
    const pred = argmaxRows(logits);
    expect(Array.from(perClassAccuracy(pred, labels, 3))).toEqual([0.5, 0.5, NaN]);
    expect(meanPerClassAccuracy(pred, labels, 3)).toBe(0.5);
    expect(Array.from(confusionCounts(pred, labels, 3))).toEqual([1, 1, 0, 0, 1, 1, 0, 0, 0]);
  });

  it('argmax takes the first index on ties', () => {
    expect(Array.from(argmaxRows(matrix(Float32Array.from([1, 1, 0]), 1, 3)))).toEqual([0]);
  });

  it('cross-entropy matches the formula', () => {
    const m = matrix(Float64Array.from([0, 0, Math.log(3), 0]), 2, 2);
    const ce = meanCrossEntropy(m, Int32Array.from([0, 1]));
    expect(ce).toBeCloseTo((Math.log(2) + Math.log(4)) / 2, 14);
  });

  it('ECE is exact on a hand-made case', () => {
    // Row 1: confidence 0.75 (correct), row 2: confidence 0.75 (wrong): same bin, |0.5 - 0.75| = 0.25.
    // Row 3: confidence 1/2 for 2 classes, correct: bin (7/15, 8/15], |1 - 0.5| * 1/3.
    const m = matrix(Float64Array.from([Math.log(3), 0, Math.log(3), 0, 0, 0]), 3, 2);
    const y = Int32Array.from([0, 1, 0]);
    const ece = expectedCalibrationError(m, y);
    expect(ece).toBeCloseTo((2 / 3) * 0.25 + (1 / 3) * 0.5, 12);
  });

  it('ECE of perfectly confident correct predictions is zero', () => {
    const m = matrix(Float64Array.from([1e4, 0, 0, 1e4]), 2, 2);
    expect(expectedCalibrationError(m, Int32Array.from([0, 1]))).toBe(0);
  });
});
