import { describe, expect, it } from 'vitest';
import type { PriorEstimate } from '@gla/core';
import { priorRecovery } from '../../../src/paper/pipelines/prior-recovery.js';

const estimate = (prior: number[], extra: Partial<PriorEstimate> = {}): PriorEstimate => ({
  prior: Float64Array.from(prior),
  solver: 'exact',
  temperature: 1,
  iterations: 5,
  passes: 6,
  objective: 0.7,
  certificate: 1e-9,
  converged: true,
  missingClasses: [],
  rawSum: 1,
  ...extra,
});

describe('priorRecovery', () => {
  // Worked by hand: truth (0.5, 0.3, 0.2); the exact q reverses it, the authors' q equals it.
  const truth = Float64Array.from([0.5, 0.3, 0.2]);
  const recovery = priorRecovery(
    truth,
    {
      exact: estimate([0.2, 0.3, 0.5]),
      authors: estimate([0.5, 0.3, 0.2], { solver: 'paper', iterations: 1000, converged: false, rawSum: 0.8 }),
    },
    {
      exact: { medianStandardError: 0.25, undeterminedClasses: 1, threshold: 0.5 },
      authors: { skipped: 'too many classes' },
    },
    // Zero-shot predictions 0, 0, 1: class frequencies (2, 1, 0), same order as the truth.
    { rows: 3, cols: 3, data: Float64Array.from([3, 1, 0, 2, 0, 1, 0, 5, 1]) },
  );

  it('Spearman, KL(true ‖ q) and max / min of each q, by hand', () => {
    const [exact, authors, reference] = recovery.rows;
    expect(exact.prior).toBe('exact');
    expect(exact.spearman).toBeCloseTo(-1, 12);
    // 0.5 ln(0.5/0.2) + 0.3 ln 1 + 0.2 ln(0.2/0.5) = 0.3 ln 2.5
    expect(exact.kl).toBeCloseTo(0.3 * Math.log(2.5), 12);
    expect(exact.imbalance).toBeCloseTo(2.5, 12);
    expect(authors.spearman).toBeCloseTo(1, 12);
    expect(authors.kl).toBeCloseTo(0, 12);
    expect(reference).toEqual({ prior: 'true', spearman: 1, kl: 0, imbalance: 2.5 });
  });

  it("carries each estimator's evidence and leaves out what was not computed (never null)", () => {
    const [exact, authors] = recovery.rows;
    expect(exact).toMatchObject({ certificate: 1e-9, iterations: 5, converged: true, rawSum: 1 });
    expect(exact).toMatchObject({ medianStandardError: 0.25, undeterminedClasses: 1 });
    expect(authors).toMatchObject({ iterations: 1000, converged: false, rawSum: 0.8 });
    expect('medianStandardError' in authors || 'undeterminedClasses' in authors).toBe(false);
    expect(JSON.stringify(recovery)).not.toContain('null');
  });

  it("the zero-shot model's label bias: predicted class frequencies ranked against the truth", () => {
    expect(recovery.biasSpearman).toBeCloseTo(1, 12);
    expect(recovery.priors).toEqual({ exact: [0.2, 0.3, 0.5], authors: [0.5, 0.3, 0.2], true: [0.5, 0.3, 0.2] });
  });
});
