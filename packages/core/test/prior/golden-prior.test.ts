import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimatePriorExact, matrix, parseNpy } from '../../src/index.js';

const read = (name: string) =>
  parseNpy(new Uint8Array(readFileSync(new URL(`../fixtures/npy/${name}`, import.meta.url))));

describe('exact prior solver against an independent SciPy solution', () => {
  it('matches the golden q to 1e-6 relative and the objective to 1e-12', () => {
    const golden = JSON.parse(readFileSync(new URL('../fixtures/golden-prior.json', import.meta.url), 'utf8'));
    const z = read('golden-logits.npy');
    const y = read('golden-labels.npy');
    const est = estimatePriorExact(matrix(z.data as Float32Array, z.shape[0], z.shape[1]), y.data as Int32Array, {
      temperature: golden.temperature,
      tolerance: 1e-10,
    });
    expect(est.converged).toBe(true);
    expect(est.objective).toBeCloseTo(golden.objective, 12);
    golden.prior.forEach((q: number, j: number) => expect(Math.abs(est.prior[j] / q - 1)).toBeLessThan(1e-6));
  });
});
