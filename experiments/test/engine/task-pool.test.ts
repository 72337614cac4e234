import { createRandom, isUserError, matrix } from '@gla/core';
import { afterAll, describe, expect, it } from 'vitest';
import { INLINE_TASKS, TaskPool } from '../../src/engine/task-pool.js';

/** N x K logits with a class signal, and balanced labels. */
function logitsAndLabels(n: number, k: number, seed: number) {
  const random = createRandom(seed);
  const labels = Int32Array.from({ length: n }, (_, i) => i % k);
  const data = new Float32Array(n * k);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < k; j++) data[i * k + j] = (j === labels[i] ? 2 : 0) + 2 * random.normal() + 0.1 * j;
  return { logits: matrix(data, n, k), labels };
}

const pool = new TaskPool(2);
afterAll(() => pool.close());

describe('TaskPool', () => {
  it('gives bit-identical results on worker threads and inline, several tasks at once', async () => {
    const { logits, labels } = logitsAndLabels(300, 6, 7);
    const options = { solver: 'paper' as const, iterations: 50 };
    const inline = await INLINE_TASKS.run('estimate-prior', { logits, labels, options });
    const onWorkers = await Promise.all(
      [1, 2, 3].map(() => pool.run('estimate-prior', { logits, labels, options: { ...options } })),
    );
    for (const estimate of onWorkers) {
      expect(Array.from(estimate.prior)).toEqual(Array.from(inline.prior));
      expect(estimate.objective).toBe(inline.objective);
    }
  });

  it("returns a worker's exact prior at its optimum: mean predicted probability = class frequency", async () => {
    const { logits, labels } = logitsAndLabels(240, 4, 3);
    const estimate = await pool.run('estimate-prior', { logits, labels, options: { solver: 'exact' } });
    // Independently of the solver: p_ij = softmax_j(z_ij - log q_j); every class has frequency 1/4.
    const mean = new Float64Array(4);
    for (let i = 0; i < 240; i++) {
      const row = Array.from({ length: 4 }, (_, j) => logits.data[i * 4 + j] - Math.log(estimate.prior[j]));
      const top = Math.max(...row);
      const e = row.map((v) => Math.exp(v - top));
      const sum = e.reduce((a, b) => a + b, 0);
      for (let j = 0; j < 4; j++) mean[j] += e[j] / sum / 240;
    }
    for (let j = 0; j < 4; j++) expect(Math.abs(mean[j] - 0.25)).toBeLessThan(1e-5);
  });

  it("keeps a task's user error a user error, with its message", async () => {
    const { logits } = logitsAndLabels(20, 3, 1);
    const labels = new Int32Array(20).fill(5); // out of range for 3 classes
    const error = await pool.run('estimate-prior', { logits, labels, options: {} }).catch((e: unknown) => e);
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toMatch(/5/);
  });

  it('refuses work after close, and a bad worker count', async () => {
    const closed = new TaskPool(1);
    await closed.close();
    const { logits, labels } = logitsAndLabels(10, 2, 1);
    await expect(closed.run('estimate-prior', { logits, labels, options: {} })).rejects.toThrow(/after close/);
    expect(() => new TaskPool(-1)).toThrow(RangeError);
  });
});
