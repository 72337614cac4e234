import { describe, expect, it } from 'vitest';
import { ParallelPool, matrix, summariseLogits } from '../src/index.js';

const m = matrix(
  Float32Array.from({ length: 600 * 1000 }, (_, i) => Math.sin(i) * 20),
  600,
  1000,
);
m.data[599 * 1000 + 7] = -75;

describe('ParallelPool.start', () => {
  it('runs its first command once the workers it did not wait for are ready, with the results of one lane', () => {
    const pool = ParallelPool.start(2);
    try {
      // 600 rows of 1000 are three blocks: the worker lane takes the last two, which hold the extremes.
      expect(summariseLogits(m, pool)).toEqual(summariseLogits(m));
      expect(summariseLogits(m, pool).maxAbs).toBe(75);
    } finally {
      pool.close();
    }
  });

  it('can be closed before its workers are ready, and then refuses to run', () => {
    const pool = ParallelPool.start(3);
    pool.close();
    expect(() => summariseLogits(m, pool)).toThrow(/run after close/);
  });
});

describe('ParallelPool.prestart', () => {
  it('hands its workers to the next pool of the same size, and only to that one', () => {
    const early = ParallelPool.prestart(2);
    const pool = ParallelPool.open(2);
    const again = ParallelPool.open(2);
    try {
      expect(pool).toBe(early);
      // Each pool has its own lanes: both run, and a worker lane of each holds the block with -75.
      expect(summariseLogits(m, pool).maxAbs).toBe(75);
      expect(summariseLogits(m, again).maxAbs).toBe(75);
      expect(pool).not.toBe(again);
    } finally {
      pool.close();
      again.close();
    }
  });

  it('gives way to a pool of another size, which starts its own workers', () => {
    const early = ParallelPool.prestart(2);
    const pool = ParallelPool.open(3);
    try {
      expect(pool).not.toBe(early);
      expect(pool.threads).toBe(3);
      expect(() => summariseLogits(m, early as ParallelPool)).toThrow(/run after close/);
      expect(summariseLogits(m, pool)).toEqual(summariseLogits(m));
    } finally {
      pool.close();
    }
  });
});
