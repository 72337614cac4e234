import { describe, expect, it } from 'vitest';
import { logResidual } from '../../src/prior/log-residual.js';

describe('logResidual', () => {
  it('is pbar log(pbar / (freq - ridge gradient)), the plain residual where that has no value', () => {
    const pbar = Float64Array.from([0.2, 0.05, 0, 0.3, 0.1]);
    const freq = Float64Array.from([0.1, 0.1, 0.1, 0.3, 0.05]);
    const ridge = Float64Array.from([0, 0, 0, 0, 0.06]); // class 4: target 0.05 - 0.06 < 0
    const active = Uint8Array.from([1, 1, 1, 0, 1]);
    const g = Float64Array.from(pbar, (p, j) => (active[j] ? p - freq[j] + ridge[j] : 0));
    const r = logResidual(pbar, freq, g, ridge, active);
    // By hand: 0.2 ln 2, 0.05 ln(1/2); pbar = 0 and a negative target keep g; an inactive class keeps its 0.
    expect(r[0]).toBeCloseTo(0.2 * Math.LN2, 15);
    expect(r[1]).toBeCloseTo(-0.05 * Math.LN2, 15);
    expect(r[2]).toBe(g[2]);
    expect(r[3]).toBe(0);
    expect(r[4]).toBe(g[4]);
  });

  it('agrees with the plain residual to first order near the root', () => {
    const freq = Float64Array.from([0.25, 0.75]);
    for (const eps of [1e-3, 1e-5]) {
      const pbar = Float64Array.from([0.25 + eps, 0.75 - eps]);
      const g = Float64Array.from([eps, -eps]);
      const r = logResidual(pbar, freq, g, new Float64Array(2), Uint8Array.from([1, 1]));
      // pbar log(pbar / f) = (pbar - f) + (pbar - f)^2 / (2 f) + ...: the gap is second order.
      expect(Math.abs(r[0] - g[0])).toBeLessThan((eps * eps) / (2 * 0.25) + 1e-15);
      expect(Math.abs(r[0] - g[0])).toBeGreaterThan((eps * eps) / (2 * 0.25) / 2);
    }
  });
});
