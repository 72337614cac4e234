import type { PriorUncertainty } from '@gla/core';

/** What the tables say of how sure q is: one figure and a count, from core's per-class `priorUncertainty`. */
export interface PriorUncertaintySummary {
  /** Median over the classes present in the estimation set of the standard error of log q (natural log). */
  medianStandardError: number | null;
  /** How many classes the estimation set does not determine (standard error or solver error above the threshold). */
  undeterminedClasses: number;
  /** The threshold on log q those counts use (core's default 0.5). */
  threshold: number;
}

/** Median standard error of log q over the classes that have one (absent classes carry -1) and the undetermined count. */
export function priorUncertaintySummary(u: PriorUncertainty): PriorUncertaintySummary {
  const present = Array.from(u.standardErrors)
    .filter((v) => v >= 0)
    .sort((a, b) => a - b);
  const mid = present.length >> 1;
  const median =
    present.length === 0 ? null : present.length % 2 === 1 ? present[mid] : (present[mid - 1] + present[mid]) / 2;
  return { medianStandardError: median, undeterminedClasses: u.undeterminedClasses.length, threshold: u.threshold };
}

/** One sentence for a table note, e.g. `median standard error of log q 0.301; 1 of the classes undetermined (...)`. */
export function priorUncertaintyText(s: PriorUncertaintySummary): string {
  const median = s.medianStandardError === null ? 'n/a' : s.medianStandardError.toFixed(3);
  return `median standard error of log q ${median}; ${s.undeterminedClasses} undetermined class${s.undeterminedClasses === 1 ? '' : 'es'} (standard or solver error of log q above ${s.threshold}, a factor ${Math.exp(s.threshold).toFixed(2)})`;
}
