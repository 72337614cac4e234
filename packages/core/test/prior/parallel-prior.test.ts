import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ParallelPool,
  ParallelPriorPass,
  estimatePriorExact,
  estimatePriorExactParallel,
  matrix,
  parseNpy,
  type PriorEstimate,
} from '../../src/index.js';
import { fastExp } from '../../src/fast-exp.js';
import { biasedLogits, zipfPrior } from '../generate-logits.js';
import { referencePriorPass } from './reference-prior-pass.js';

// Worker threads run the compiled kernels (dist/), so these tests need `pnpm build` first (turbo does it).

function sameBytes(a: Float64Array, b: Float64Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function expectIdentical(a: PriorEstimate, b: PriorEstimate): void {
  expect(sameBytes(a.prior, b.prior)).toBe(true);
  expect(b.objective).toBe(a.objective);
  expect(b.certificate).toBe(a.certificate);
  expect(b.iterations).toBe(a.iterations);
  expect(b.passes).toBe(a.passes);
}

describe('fast exp of the softmax kernels', () => {
  it('is within 2 ulp of Math.exp on (-708, 708) and exact at the ends', () => {
    let worst = 0;
    for (let i = 0; i <= 300_000; i++) {
      const x =
        i < 100_000
          ? -707.9 * (i / 100_000)
          : i < 200_000
            ? 10 * ((i - 150_000) / 50_000)
            : 707.9 * ((i - 200_000) / 100_000);
      const rel = Math.abs(fastExp(x) / Math.exp(x) - 1);
      worst = Math.max(worst, rel);
    }
    expect(worst).toBeLessThanOrEqual(4.5e-16);
    expect(fastExp(0)).toBe(1);
    expect(fastExp(-Infinity)).toBe(0);
    expect(fastExp(-800)).toBe(0);
    expect(fastExp(-720)).toBe(Math.exp(-720));
    expect(fastExp(800)).toBe(Infinity);
    expect(fastExp(NaN)).toBeNaN();
  });
});

describe('row-block prior passes on worker threads', () => {
  const prior = zipfPrior(40, 50, 3);
  // 1,000 rows: not a multiple of the block size, so the last block is short.
  const { logits, labels } = biasedLogits({ k: 40, perClass: 25, prior, seed: 4, dims: 6, sigma: 1.2 });

  it('a pass equals the direct formula up to summation order', () => {
    const b = Float64Array.from({ length: 40 }, (_, j) => Math.sin(j));
    const active = new Uint8Array(40).fill(1);
    active[7] = 0;
    const reference = referencePriorPass(logits, labels, 0.8, b, active, 0);
    const evaluator = ParallelPriorPass.open(logits, labels, 0.8, { threads: 2, blockRows: 64 });
    try {
      const pass = evaluator.pass(b, active, 0);
      expect(pass.loss).toBeCloseTo(reference.loss, 13);
      for (let j = 0; j < 40; j++) {
        expect(pass.meanProbability[j]).toBeCloseTo(reference.meanProbability[j], 14);
        expect((pass.diagonal as Float64Array)[j]).toBeCloseTo((reference.diagonal as Float64Array)[j], 14);
      }
      expect(pass.keptCount).toBe(reference.keptCount);
    } finally {
      evaluator.close();
    }
  });

  it('gives byte-identical estimates for 1, 2 and 3 threads', () => {
    const one = estimatePriorExact(logits, labels, { blockRows: 64 });
    const two = estimatePriorExactParallel(logits, labels, { threads: 2, blockRows: 64 });
    const three = estimatePriorExactParallel(logits, labels, { threads: 3, blockRows: 64 });
    expect(one.converged).toBe(true);
    expectIdentical(one, two);
    expectIdentical(one, three);
  });

  it('can share one pool across solves and thread counts agree with a pool', () => {
    const pool = ParallelPool.open(2);
    try {
      const a = estimatePriorExactParallel(logits, labels, { pool, temperature: 0.7 });
      const b = estimatePriorExactParallel(logits, labels, { pool, temperature: 0.7 });
      expectIdentical(a, b);
      expectIdentical(a, estimatePriorExact(logits, labels, { temperature: 0.7 }));
    } finally {
      pool.close();
    }
  });

  it('matches the independent SciPy solution on two threads', () => {
    const read = (name: string) =>
      parseNpy(new Uint8Array(readFileSync(new URL(`../fixtures/npy/${name}`, import.meta.url))));
    const golden = JSON.parse(readFileSync(new URL('../fixtures/golden-prior.json', import.meta.url), 'utf8'));
    const z = read('golden-logits.npy');
    const y = read('golden-labels.npy');
    const est = estimatePriorExactParallel(
      matrix(z.data as Float32Array, z.shape[0], z.shape[1]),
      y.data as Int32Array,
      {
        threads: 2,
        temperature: golden.temperature,
        tolerance: 1e-10,
      },
    );
    expect(est.converged).toBe(true);
    expect(est.objective).toBeCloseTo(golden.objective, 12);
    golden.prior.forEach((q: number, j: number) => expect(Math.abs(est.prior[j] / q - 1)).toBeLessThan(1e-6));
  });

  it('reports a worker lane failure instead of hanging', () => {
    const pool = ParallelPool.open(2);
    try {
      const out = new Float64Array(new SharedArrayBuffer(40 * 8));
      // One block: lane 0 (this thread) gets none, so the failure happens in the worker.
      expect(() => pool.run('prior-hessian', { v: new Float64Array(40), cols: 40, job: -1, out }, 1)).toThrow(
        /worker failed.*no kept probabilities/,
      );
    } finally {
      pool.close();
    }
    expect(() => pool.run('prior-release', { job: -1 }, 2)).toThrow(/after close/);
  });
});
