import { join } from 'node:path';
import { describe } from 'vitest';
import { reliabilityCase } from './reliability-case.js';
import { tempDir } from './helpers/temp-dirs.js';
import { writeBytes, writeNpy } from './helpers/npy-bytes.js';
import { expectCleanFailure, runGla } from './helpers/run-gla.js';

// 6 samples, 3 classes; every case changes exactly one input of an otherwise valid call.
const dir = tempDir();
const n = 6;
const k = 3;
const logitsData = Float32Array.from({ length: n * k }, (_, i) => Math.cos(i));
const zs = writeNpy(dir, 'zs.npy', logitsData, [n, k]);
const ft = writeNpy(
  dir,
  'ft.npy',
  logitsData.map((v) => -v),
  [n, k],
);
const y = writeNpy(dir, 'y.npy', new Int32Array([0, 1, 2, 0, 1, 2]), [n]);
const prior = writeBytes(dir, 'prior.json', JSON.stringify([0.5, 0.3, 0.2]));
const out = join(dir, 'out.json');

const labelsFile = (name: string, values: number[]) => writeNpy(dir, name, new Int32Array(values), [values.length]);

async function estimate(args: Record<string, string>) {
  return runGla(['estimate-prior', ...Object.entries({ '--logits': zs, '--labels': y, ...args }).flat(), '--out', out]);
}

async function evaluate(args: Record<string, string>) {
  const all = { '--labels': y, '--zero-shot': zs, '--fine-tuned': ft, '--prior': prior, ...args };
  return runGla(['evaluate', ...Object.entries(all).flat(), '--out', out]);
}

describe('labels and shapes', () => {
  reliabilityCase('labels.out-of-range', async () => {
    const bad = labelsFile('y-k.npy', [0, 1, 3, 0, 1, 2]);
    expectCleanFailure(await estimate({ '--labels': bad }), bad, /label 3 at index 2 is outside \[0, 3\)/, [out]);
  });
  reliabilityCase('labels.negative', async () => {
    const bad = labelsFile('y-neg.npy', [0, 1, 2, -1, 1, 2]);
    expectCleanFailure(await estimate({ '--labels': bad }), bad, /label -1 at index 3 is outside \[0, 3\)/, [out]);
  });
  reliabilityCase('labels.float', async () => {
    const bad = writeNpy(dir, 'y-float.npy', new Float64Array([0, 1, 2, 0, 1, 2]), [n]);
    expectCleanFailure(
      await estimate({ '--labels': bad }),
      bad,
      /labels must be int32 or int64, got <f8 \(float labels are refused, never rounded/,
      [out],
    );
  });
  reliabilityCase('labels.int64-overflow', async () => {
    const bad = writeNpy(dir, 'y-big.npy', BigInt64Array.from([0n, 1n, 2n, 0n, 1n, 1n << 40n]), [n]);
    expectCleanFailure(await estimate({ '--labels': bad }), bad, /int64 labels beyond the int32 range/, [out]);
  });
  reliabilityCase('labels.two-d', async () => {
    const bad = writeNpy(dir, 'y-2d.npy', new Int32Array(n), [n, 1]);
    expectCleanFailure(await estimate({ '--labels': bad }), bad, /expected 1-D labels, got shape \(6, 1\)/, [out]);
  });
  reliabilityCase('labels.evaluate-out-of-range', async () => {
    const bad = labelsFile('y-test.npy', [0, 1, 2, 0, 7, 2]);
    expectCleanFailure(await evaluate({ '--labels': bad }), bad, /label 7 at index 4 is outside \[0, 3\)/, [out]);
  });
  reliabilityCase('labels.train-out-of-range', async () => {
    const bad = labelsFile('y-train.npy', [0, 1, 2, -2]);
    expectCleanFailure(await evaluate({ '--train-labels': bad }), bad, /label -2 at index 3 is outside \[0, 3\)/, [
      out,
    ]);
  });
  reliabilityCase('labels.train-missing-class', async () => {
    const bad = labelsFile('y-train-gap.npy', [0, 0, 2, 2]);
    expectCleanFailure(
      await evaluate({ '--train-labels': bad }),
      bad,
      /class 1 has no training sample, so log pi_s is undefined/,
      [out],
    );
  });
  reliabilityCase('shapes.estimate-n-mismatch', async () => {
    const bad = labelsFile('y-short.npy', [0, 1, 2, 0, 1]);
    expectCleanFailure(await estimate({ '--labels': bad }), bad, /5 labels, but .*zs\.npy has 6 rows/, [out]);
  });
  reliabilityCase('shapes.evaluate-n-mismatch-labels', async () => {
    const bad = labelsFile('y-long.npy', [0, 1, 2, 0, 1, 2, 0]);
    expectCleanFailure(await evaluate({ '--labels': bad }), bad, /7 labels, but .*zs\.npy has 6 rows/, [out]);
  });
  reliabilityCase('shapes.evaluate-n-mismatch-logits', async () => {
    const bad = writeNpy(dir, 'ft-rows.npy', new Float32Array(5 * k), [5, k]);
    expectCleanFailure(await evaluate({ '--fine-tuned': bad }), bad, /5 rows, but .*zs\.npy has 6/, [out]);
  });
  reliabilityCase('shapes.evaluate-k-mismatch', async () => {
    const bad = writeNpy(dir, 'ft-cols.npy', new Float32Array(n * 4), [n, 4]);
    expectCleanFailure(await evaluate({ '--fine-tuned': bad }), bad, /4 classes, but .*zs\.npy has 3/, [out]);
  });
});
