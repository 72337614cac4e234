import type { PriorEstimate } from '@gla/core';

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
}

/** The evidence of how well q solves its objective. */
export function priorSummary(estimate: PriorEstimate): PriorSummary {
  return {
    solver: estimate.solver,
    temperature: estimate.temperature,
    iterations: estimate.iterations,
    objective: estimate.objective,
    certificate: estimate.certificate,
    converged: estimate.converged,
    rawSum: estimate.rawSum,
    missingClasses: estimate.missingClasses,
  };
}
