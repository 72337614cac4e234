import type { PriorEstimate } from '@gla/core';

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

  /** Labels: a non-empty array of integers >= 0. */
  labels(value: unknown): Int32Array {
    if (
      !Array.isArray(value) ||
      value.length === 0 ||
      !value.every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 31)
    )
      throw new Error('damaged cache entry: labels must be integers >= 0');
    return Int32Array.from(value);
  },

  /** A probability vector (a true prior): finite entries > 0. */
  probabilities(value: unknown): Float64Array {
    if (!Array.isArray(value) || value.length === 0 || !value.every(isPositive))
      throw new Error('damaged cache entry: probabilities must be finite numbers > 0');
    return Float64Array.from(value);
  },

  /** A temperature: finite and > 0. */
  temperature<T extends { temperature: number }>(value: unknown): T {
    if (!isPositive((value as T | undefined)?.temperature))
      throw new Error('damaged cache entry: temperature must be a finite number > 0');
    return value as T;
  },

  /**
   * An evaluation: every method's top-1 and ECE finite (a method without a model is null); group accuracies
   * finite, a group with no test sample left out. Entries written before groups were keyed (an array
   * [head, medium, tail]) are read as keyed groups.
   */
  evaluation<T>(value: unknown): T {
    const methods = (value as { methods?: Record<string, unknown> } | undefined)?.methods;
    if (!methods || typeof methods !== 'object') throw new Error('damaged cache entry: no methods');
    for (const [name, m] of Object.entries(methods)) {
      if (m === null) continue;
      const r = m as { top1?: unknown; ece?: unknown; groups?: unknown };
      if (Array.isArray(r.groups)) {
        if (r.groups.length !== 3) throw new Error(`damaged cache entry: method ${name} has no three groups`);
        const keyed: Record<string, unknown> = {};
        r.groups.forEach((g, i) => {
          if (g !== null) keyed[['head', 'medium', 'tail'][i]] = g;
        });
        r.groups = keyed;
      }
      const groupsOk =
        r.groups === null ||
        (typeof r.groups === 'object' && Object.values(r.groups as object).every((g) => isFiniteNumber(g)));
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
