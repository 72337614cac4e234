import type { MethodId, MethodMetrics } from '@gla/core';
import type { TemperatureRuleName } from '../temperature-rule.js';

/** Format tag of the metrics JSON. */
export const METRICS_FILE_FORMAT = 'gla-metrics/1';

/** Where a temperature `gla evaluate` applied came from. */
export type TemperatureSource = 'prior file' | 'flag' | 'default';

/** A temperature `gla evaluate` applied, with its origin. */
export interface UsedTemperature {
  /** T the logits were divided by. */
  value: number;
  source: TemperatureSource;
  /** The rule recorded in the prior file when `source` is `prior file`. */
  rule?: TemperatureRuleName;
  /** The methods whose logits were divided by T. */
  appliesTo: string[];
}

/** Metrics of one alpha: of WiSE-FT logits (a weight-space ensemble) or of the output ensemble. */
export interface AlphaMetrics {
  alpha: number;
  metrics: MethodMetrics;
  /** Whether this alpha has the best top-1 of its family (first on ties). */
  best: boolean;
  /** The logits file (WiSE-FT only), absolute path. */
  file?: string;
}

/** The JSON `gla evaluate` writes: every metric with every setting it was computed with. */
export interface MetricsFile {
  format: typeof METRICS_FILE_FORMAT;
  /** Keyed by the method registry's ids, in its order. */
  methods: Partial<Record<MethodId, MethodMetrics>>;
  /**
   * Metrics left out because nothing defines them (a head / medium / tail group with no test sample: never NaN
   * or null in the file, n/a in the tables), with why; absent when none.
   */
  undefinedMetrics?: Record<string, string>;
  /** The registry's `wise-ft` method on the WiSE-FT logits of each given alpha (empty when none was given). */
  wiseFt: AlphaMetrics[];
  /** The output-ensemble sweep (empty without --sweep). */
  sweep: AlphaMetrics[];
  /** Output-ensemble weight of the fine-tuned logits in the `output-ensemble` method. */
  alpha: number;
  temperatures: { zeroShot: UsedTemperature; fineTuned: UsedTemperature };
  /** The pre-training prior: file (absolute), how it was estimated when recorded, its sum before renormalising. */
  prior: {
    file: string;
    /** Absent when the entries' sum exceeds the largest double (then `sumOverflows` is true). */
    sum?: number;
    sumOverflows?: boolean;
    solver?: string;
    temperatureRule?: TemperatureRuleName;
  };
  downstreamPrior: string;
  samples: number;
  classes: number;
  groups: string;
  /** Absolute paths of every input. */
  inputs: Record<string, string>;
  /** The per-class CSV written with --per-class, absolute path. */
  perClassFile?: string;
}

/**
 * Marks the best alpha of a family by top-1 (the first one on ties, so the mark is deterministic).
 * @returns the same entries with `best` set
 */
export function markBest<T extends { metrics: MethodMetrics }>(entries: T[]): (T & { best: boolean })[] {
  let best = -1;
  entries.forEach((e, i) => {
    if (best < 0 || e.metrics.top1 > entries[best].metrics.top1) best = i;
  });
  return entries.map((e, i) => ({ ...e, best: i === best }));
}
