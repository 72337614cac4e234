import type { PriorEstimate } from '@gla/core';
import type { TemperatureValue } from './temperature-stage.js';

/**
 * Checks on stage values read back from the cache. Entries are written atomically, so a bad one was damaged
 * outside a run (a disk error, an edit, a copy cut short): the runner recomputes it instead of letting a null
 * (JSON's NaN) or a zero prior reach the results. Each throws a one-line Error saying what is wrong.
 */
export const cacheEntryChecks = {
  /** A prior estimate: q finite and > 0, temperature finite and > 0. */
  prior(value: unknown): PriorEstimate {
    const v = value as PriorEstimate & { prior: unknown };
    if (!Array.isArray(v?.prior) || v.prior.length === 0 || !v.prior.every(isPositive))
      throw new Error('damaged cache entry: prior entries must be finite numbers > 0');
    if (!isPositive(v.temperature)) throw new Error('damaged cache entry: temperature must be a finite number > 0');
    return { ...v, prior: Float64Array.from(v.prior as number[]) };
  },

  /** A temperature: finite and > 0. */
  temperature(value: unknown): TemperatureValue {
    if (!isPositive((value as TemperatureValue | undefined)?.temperature))
      throw new Error('damaged cache entry: temperature must be a finite number > 0');
    return value as TemperatureValue;
  },

  /**
   * An evaluation: every method's top-1 and ECE finite (a method without a model is null); group accuracies
   * finite or null (a group with no test sample).
   */
  evaluation<T>(value: unknown): T {
    const methods = (value as { methods?: Record<string, unknown> } | undefined)?.methods;
    if (!methods || typeof methods !== 'object') throw new Error('damaged cache entry: no methods');
    for (const [name, m] of Object.entries(methods)) {
      if (m === null) continue;
      const r = m as { top1?: unknown; ece?: unknown; groups?: unknown };
      const groupsOk =
        r.groups === null || (Array.isArray(r.groups) && r.groups.every((g) => g === null || isFiniteNumber(g)));
      if (!isFiniteNumber(r.top1) || !isFiniteNumber(r.ece) || !groupsOk)
        throw new Error(`damaged cache entry: method ${name} holds a value that is not a finite number`);
    }
    return value as T;
  },
};

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isPositive(v: unknown): v is number {
  return isFiniteNumber(v) && v > 0;
}
