import { describe, expect, it } from 'vitest';
import { WasmKernels } from '../src/wasm-kernels.js';

/** Distance in units in the last place between two positive doubles (their bit patterns' difference). */
function ulps(a: number, b: number): number {
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  return Math.abs(Number(view.getBigInt64(0) - view.getBigInt64(8)));
}

describe("the kernels' float64 exponential (WebAssembly SIMD)", () => {
  it('is within 2 ulp of Math.exp on [-708, 0], exact at 0, and 0 below -708 and at -Infinity', () => {
    const kernels = new WasmKernels();
    const count = 200_002;
    const at = kernels.alloc(count * 8);
    const values = kernels.f64(at, count);
    // A dense grid plus points near where the range reduction switches n, and the edges.
    for (let i = 0; i < count - 8; i++) values[i] = -708 * (i / (count - 9));
    values.set([0, -Math.LN2 / 2, -Math.LN2 * 1.5, -1e-300, -707.9999, -708.0001, -745.2, -Infinity], count - 8);
    const inputs = Float64Array.from(values);
    kernels.exports.expInPlace(at, count);
    const out = kernels.f64(at, count);
    let worst = 0;
    for (let i = 0; i < count - 3; i++) worst = Math.max(worst, ulps(out[i], Math.exp(inputs[i])));
    expect(worst).toBeLessThanOrEqual(2);
    expect(out[count - 8]).toBe(1);
    expect(out[count - 3]).toBe(0); // below -708: left out (e^-708 < 2^-1021 cannot move a sum of at least 1)
    expect(out[count - 2]).toBe(0);
    expect(out[count - 1]).toBe(0);
  });
});
