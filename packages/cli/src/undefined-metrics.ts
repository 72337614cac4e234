import type { MethodMetrics } from '@gla/core';

/** A method's metrics with the undefined ones (a group with no test sample) left out rather than NaN. */
export type ReportedMetrics = Partial<MethodMetrics>;

/**
 * Removes metrics that are NaN because nothing defines them (head / medium / tail when a group has no test
 * sample: fewer than 3 classes, or test labels that miss a group's classes), so that no result holds NaN or
 * null. Returns the metrics kept and, for the file's record, the names left out with why.
 */
export function withoutUndefinedMetrics(methods: Record<string, MethodMetrics | undefined>): {
  methods: Record<string, ReportedMetrics>;
  undefinedMetrics: Record<string, string>;
} {
  const undefinedMetrics: Record<string, string> = {};
  const kept: Record<string, ReportedMetrics> = {};
  for (const [name, metrics] of Object.entries(methods) as [string, MethodMetrics | undefined][]) {
    if (!metrics) continue;
    const out: ReportedMetrics = {};
    for (const [key, value] of Object.entries(metrics) as [keyof MethodMetrics, number][]) {
      if (Number.isNaN(value)) {
        undefinedMetrics[key] =
          key === 'head' || key === 'medium' || key === 'tail'
            ? 'no test sample in this group of classes; left out'
            : 'undefined on this test set; left out';
      } else out[key] = value;
    }
    kept[name] = out;
  }
  return { methods: kept, undefinedMetrics };
}
