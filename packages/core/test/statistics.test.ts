import { describe, expect, it } from 'vitest';
import { imbalanceRatio, klDivergence, meanStd, ranks, spearman } from '../src/index.js';

describe('statistics', () => {
  it("mean and std reproduce the authors' README line for 1-shot ImageNet (61.87 +- 0.16, np.std)", () => {
    const r = meanStd([61.91, 61.66, 62.04]);
    expect(r.mean).toBeCloseTo(61.87, 10);
    expect(r.std.toFixed(2)).toBe('0.16');
    expect(meanStd([61.91, 61.66, 62.04], 1).std).toBeCloseTo(0.1931, 4);
    expect(meanStd([3]).std).toBe(0);
  });

  it('ranks average ties and Spearman is 1 / -1 for monotone series', () => {
    expect(Array.from(ranks([10, 20, 20, 5]))).toEqual([1, 2.5, 2.5, 0]);
    expect(spearman([1, 2, 3, 4], [10, 100, 1000, 1e4])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
  });

  it('KL divergence and imbalance ratio', () => {
    expect(klDivergence([0.5, 0.5], [0.5, 0.5])).toBe(0);
    expect(klDivergence([1, 0], [0.5, 0.5])).toBeCloseTo(Math.log(2), 12);
    expect(imbalanceRatio([0.1, 0.5, 0.01])).toBeCloseTo(50, 12);
  });
});
