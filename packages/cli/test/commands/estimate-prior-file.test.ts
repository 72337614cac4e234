import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimatePrior, matrix, priorUncertainty } from '@gla/core';
import { runGla, tempDir, writeNpy } from '../cli-harness.js';
import { geometricPrior, syntheticLogits } from '../synthetic-logits.js';

// estimate-prior leaves float32/float64 logits in their file (the lanes read row blocks): its prior.json must be
// what the whole matrix gives, computed here through core's in-memory path with the command's settings.
describe('gla estimate-prior on logits read in row blocks from the file', () => {
  const k = 30;
  // 3,000 rows: six blocks of 512, the last one short.
  const { logits, labels } = syntheticLogits(k, 100, geometricPrior(k, 30), 7);
  const n = labels.length;
  const whole = (values: Float32Array | Float64Array) => {
    const m = matrix(values, n, k);
    const estimate = estimatePrior(m, labels, { temperature: 1, tolerance: 1e-6 });
    const uncertainty = priorUncertainty(m, labels, estimate.prior, {
      temperature: 1,
      tolerance: Math.max(estimate.certificate, Number.MIN_VALUE),
    });
    return { estimate, uncertainty };
  };

  for (const values of [logits, Float64Array.from(logits)]) {
    const name = values instanceof Float64Array ? 'float64' : 'float32';
    it(`writes the whole matrix's q, evidence and standard errors, on 1 and 2 threads (${name})`, async () => {
      const dir = tempDir();
      const zs = writeNpy(dir, 'zs.npy', values, [n, k]);
      const y = writeNpy(dir, 'y.npy', labels, [n]);
      const expected = whole(values);
      const written: string[] = [];
      for (const threads of ['1', '2']) {
        const out = join(dir, `prior-${threads}.json`);
        const run = await runGla(['estimate-prior', '--logits', zs, '--labels', y, '--out', out, '--threads', threads]);
        expect(run.code, run.lines.join('\n')).toBe(0);
        written.push(readFileSync(out, 'utf8'));
        const file = JSON.parse(written.at(-1) as string);
        expect(file.prior).toEqual(Array.from(expected.estimate.prior));
        expect([file.objective, file.certificate, file.iterations, file.passes]).toEqual([
          expected.estimate.objective,
          expected.estimate.certificate,
          expected.estimate.iterations,
          expected.estimate.passes,
        ]);
        expect(file.uncertainty.standardErrors).toEqual(Array.from(expected.uncertainty.standardErrors));
        expect(file.uncertainty.solverErrors).toEqual(Array.from(expected.uncertainty.solverErrors));
        expect(file.estimationSet.samples).toBe(n);
      }
      expect(written[1]).toBe(written[0]);
    });
  }

  it('names the file, row and column of a non-finite value in one line (exit 2, no output)', async () => {
    const dir = tempDir();
    const values = Float32Array.from(logits);
    values[2500 * k + 29] = Number.NEGATIVE_INFINITY;
    const zs = writeNpy(dir, 'zs.npy', values, [n, k]);
    const y = writeNpy(dir, 'y.npy', labels, [n]);
    const out = join(dir, 'prior.json');
    for (const threads of ['1', '2']) {
      const run = await runGla(['estimate-prior', '--logits', zs, '--labels', y, '--out', out, '--threads', threads]);
      expect(run.code).toBe(2);
      expect(run.lines.at(-1)).toBe(`gla: ${zs}: non-finite value -Infinity at row 2500, column 29`);
      expect(() => readFileSync(out)).toThrow();
    }
  });
});
