/** What one pass of the prior objective returns (see `priorPassBlocks`; means are over all rows). */
export interface PriorPassSummary {
  /** Mean cross-entropy of `z * scale + b` over the active classes. */
  loss: number;
  /** Mean predicted probability of each class (0 for inactive ones). */
  meanProbability: Float64Array;
  /**
   * Hessian diagonal, only from a keeping pass: mean_i p_ij (1 - p_ij) from a float64 pass; from a fast pass, that
   * of the Hessian the Newton direction applies (p (1 - p) for kept probabilities, p for the others).
   */
  diagonal?: Float64Array;
  /** Mean of the kept p_ij per class; only from a keeping pass. */
  keptMean?: Float64Array;
  /** Number of kept probabilities (0 without keeping). */
  keptCount: number;
}

/**
 * Where the exact prior solver gets its passes over the logits and its Hessian-vector products
 * (`ParallelPriorPass`: row blocks on one or more threads).
 */
export interface PriorEvaluator {
  readonly rows: number;
  readonly cols: number;
  /** Whether {@link pass} offers fast (float32) passes: float32 logits; absent means no. */
  readonly fastPasses?: boolean;
  /**
   * One pass at offsets b (classes with `active[j] = 0` left out of the softmax). With `keepRelative`, the
   * probabilities p_ij >= keepRelative * (1 - max_k p_ik) are kept for {@link hessianTimes} until the next
   * keeping pass. With `fast` (default false; only where {@link fastPasses}), the exponentials are float32: the
   * sums carry relative errors near 1e-6 per probability, good for Newton directions, not for a certificate.
   */
  pass(b: Float64Array, active: Uint8Array, keepRelative?: number, fast?: boolean): PriorPassSummary;
  /** out_j = sum_i kept p_ij (v_j - sum_k kept p_ik v_k): row sums, not divided by the row count. */
  hessianTimes(v: Float64Array, out: Float64Array): void;
}
