import { argmaxRows, imbalanceRatio, klDivergence, spearman, type Matrix, type PriorEstimate } from '@gla/core';
import type { PriorUncertaintyValue } from '../stages/prior-uncertainty-stage.js';

/** How well one q recovers the true pre-training prior (a row of the prior-recovery table). */
export interface PriorRecoveryRow {
  /** `exact` and `authors` are the two estimators; `true` is the true prior itself (the reference row). */
  prior: 'exact' | 'authors' | 'true';
  /** Spearman rank correlation with the true prior. */
  spearman: number;
  /** KL(true prior ‖ q), nats. */
  kl: number;
  /** max / min of the prior. */
  imbalance: number;
  /** Estimator rows only (absent on the true prior's row, never null). */
  certificate?: number;
  iterations?: number;
  converged?: boolean;
  /** Sum of q as the solver returned it (the authors' solver does not stay on the simplex). */
  rawSum?: number;
  /** Median standard error of log q on the estimation set (natural log); absent where not computed. */
  medianStandardError?: number;
  /** Classes the estimation set does not determine; absent where not computed. */
  undeterminedClasses?: number;
}

/** What a run whose data source knows the true pre-training prior (the simulated world) records of it. */
export interface PriorRecoveryMetrics {
  rows: PriorRecoveryRow[];
  /**
   * Spearman between how often the zero-shot model predicts each class on the balanced scored split and the true
   * prior: the label bias learned from long-tailed pre-training data, seen in behaviour.
   */
  biasSpearman: number;
  /** The priors themselves (K numbers each, summing to 1), for the prior-recovery plot. */
  priors: { exact: number[]; authors: number[]; true: number[] };
}

/**
 * Compares q by the exact and by the authors' estimator with the true prior, with how sure each q is
 * (`uncertainties` computed on the estimation set of each estimate), and measures the zero-shot model's label bias
 * from its predictions on `zeroShotScored` (logits of a class-balanced split). Pure.
 */
export function priorRecovery(
  truth: Float64Array,
  estimates: { exact: PriorEstimate; authors: PriorEstimate },
  uncertainties: { exact: PriorUncertaintyValue; authors: PriorUncertaintyValue },
  zeroShotScored: Matrix,
): PriorRecoveryMetrics {
  const row = (name: 'exact' | 'authors'): PriorRecoveryRow => {
    const e = estimates[name];
    const u = uncertainties[name];
    const summary = 'skipped' in u ? undefined : u;
    return {
      prior: name,
      spearman: spearman(e.prior, truth),
      kl: klDivergence(truth, e.prior),
      imbalance: imbalanceRatio(e.prior),
      certificate: e.certificate,
      iterations: e.iterations,
      converged: e.converged,
      rawSum: e.rawSum,
      ...(summary?.medianStandardError != null ? { medianStandardError: summary.medianStandardError } : {}),
      ...(summary ? { undeterminedClasses: summary.undeterminedClasses } : {}),
    };
  };
  const predictedFrequency = new Float64Array(truth.length);
  for (const p of argmaxRows(zeroShotScored)) predictedFrequency[p]++;
  return {
    rows: [row('exact'), row('authors'), { prior: 'true', spearman: 1, kl: 0, imbalance: imbalanceRatio(truth) }],
    biasSpearman: spearman(predictedFrequency, truth),
    priors: {
      exact: Array.from(estimates.exact.prior),
      authors: Array.from(estimates.authors.prior),
      true: Array.from(truth),
    },
  };
}
