import type { PriorEstimate } from '@gla/core';
import type { PriorUncertaintySummary } from '../../tables/prior-uncertainty-summary.js';
import type { PriorUncertaintyValue } from '../stages/prior-uncertainty-stage.js';

/** What the results keep of a prior estimate (q itself is kept where plots need it). */
export interface PriorSummary {
  solver: string;
  temperature: number;
  iterations: number;
  objective: number;
  certificate: number;
  converged: boolean;
  rawSum: number;
  missingClasses: number[];
  /** How sure q is (median standard error of log q, undetermined classes); absent where not computed. */
  uncertainty?: PriorUncertaintySummary;
}

/** The evidence of how well q solves its objective, and how sure it is when `uncertainty` was computed. */
export function priorSummary(estimate: PriorEstimate, uncertainty?: PriorUncertaintyValue): PriorSummary {
  return {
    solver: estimate.solver,
    temperature: estimate.temperature,
    iterations: estimate.iterations,
    objective: estimate.objective,
    certificate: estimate.certificate,
    converged: estimate.converged,
    rawSum: estimate.rawSum,
    missingClasses: estimate.missingClasses,
    ...(uncertainty && !('skipped' in uncertainty) ? { uncertainty } : {}),
  };
}
