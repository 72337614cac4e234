/** Which estimator produced a pre-training prior. */
export type PriorSolver = 'exact' | 'paper';

/** An estimated pre-training prior q with the evidence of how well it solves its objective. */
export interface PriorEstimate {
  /** q, K entries summing to 1 (class-index order). */
  prior: Float64Array;
  solver: PriorSolver;
  /** Temperature T the logits were divided by before estimating q. */
  temperature: number;
  /** Solver iterations (Newton steps for `exact`, SGD steps for `paper`). */
  iterations: number;
  /** Passes over the logits (each one a softmax of every row). */
  passes: number;
  /** Mean cross-entropy of `z/T - log q` at the returned q (natural log). */
  objective: number;
  /**
   * Optimality certificate max_j |mean_i p_ij - freq_j| over the classes present in the estimation set
   * (zero exactly at the optimum).
   */
  certificate: number;
  /** Whether the certificate reached the requested tolerance. */
  converged: boolean;
  /** Classes with no sample in the estimation set (no finite optimum), handled by the solver's documented rule. */
  missingClasses: number[];
  /** Sum of q before it was renormalised (the paper's solver leaves q unnormalised). */
  rawSum: number;
  /** Ridge toward the mean log q the exact solver used (absent when 0, the default). */
  ridge?: number;
}
