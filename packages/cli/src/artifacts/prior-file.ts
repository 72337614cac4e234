import { readFileSync } from 'node:fs';
import type { PriorEstimate } from '@gla/core';
import type { TemperatureRuleName } from '../temperature-rule.js';

/** Format tag of the prior JSON, so a reader can tell an estimate-prior file from a bare prior. */
export const PRIOR_FILE_FORMAT = 'gla-prior/1';

/** How sure the estimate is, as prior.json records it (natural log of q, centred on the mean over present classes). */
export interface PriorUncertaintyFile {
  method: 'sandwich';
  quantity: 'log q_j - mean_k log q_k';
  /** Per class; -1 for a class absent from the estimation set (listed in `missingClasses`). */
  standardErrors: number[];
  /** Per class: how far log q_j may still be from the exact optimum (one Newton step); -1 for absent classes. */
  solverErrors: number[];
  undeterminedClasses: number[];
  threshold: number;
  /** The certificate the tolerance / curvature rule used (the one the solver reached). */
  tolerance: number;
  bootstrap?: {
    replicates: number;
    seed: number;
    confidence: number;
    standardErrors: number[];
    lower: number[];
    upper: number[];
  };
}

/**
 * The JSON `gla estimate-prior` writes: q with the solver's evidence, and what `gla evaluate` needs to use it the
 * way it was estimated (the temperature rule and value the zero-shot logits were divided by).
 */
export interface PriorFile extends Omit<PriorEstimate, 'prior'> {
  format: typeof PRIOR_FILE_FORMAT;
  prior: number[];
  classes: number;
  samples: number;
  /** Rule that chose `temperature`: none (T = 1), confidence, nll, or given (a number on the command line). */
  temperatureRule: TemperatureRuleName;
  /** The estimation set: absolute paths of its logits and labels, and its per-class sample counts (min / max). */
  estimationSet: { logits: string; labels: string; samples: number; minPerClass: number; maxPerClass: number };
  /** The logits and labels files as given on the command line. */
  inputs: { logits: string; labels: string };
  /** Absent with --no-standard-errors, or when K is above the dense limit (a note says so). */
  uncertainty?: PriorUncertaintyFile;
}

/** What `gla evaluate` reads back from a prior file besides q: the temperature recorded with it, if any. */
export interface PriorFileMetadata {
  /** The zero-shot temperature q was estimated at; undefined for a bare prior (JSON array, `.npy`, `{ q: [...] }`). */
  temperature?: number;
  temperatureRule?: TemperatureRuleName;
  solver?: string;
}

/**
 * Reads the metadata of a prior file already validated by `readPrior`: the recorded temperature of an
 * estimate-prior JSON (this format or the earlier one without `format`, whose rule `auto` means confidence).
 * Bare priors have none.
 */
export function readPriorMetadata(file: string): PriorFileMetadata {
  if (file.endsWith('.npy')) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
  const record = parsed as Record<string, unknown>;
  const temperature = record.temperature;
  if (typeof temperature !== 'number' || !Number.isFinite(temperature) || temperature <= 0) return {};
  const rawRule = record.temperatureRule;
  const temperatureRule =
    rawRule === 'auto'
      ? 'confidence'
      : rawRule === 'none' || rawRule === 'confidence' || rawRule === 'nll' || rawRule === 'given'
        ? rawRule
        : undefined;
  return {
    temperature,
    temperatureRule,
    solver: typeof record.solver === 'string' ? record.solver : undefined,
  };
}
