import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createRandom,
  encodeNpy,
  l2NormalizedRows,
  matrix,
  matrixFeatureRows,
  NpyFeatureRows,
  readNpyFile,
  trainLinearHead,
  type TrainLinearHeadOptions,
} from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'gla-train-head-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const n = 37; // not a multiple of the block or batch sizes below: short last blocks are exercised
const d = 5;
const k = 3;

/** Class-dependent Gaussian features written as a float16 `.npy`, and their labels. */
function writeFeatures(): { file: string; labels: Int32Array } {
  const random = createRandom(5);
  const labels = Int32Array.from({ length: n }, (_, i) => i % k);
  const x = Float32Array.from(
    { length: n * d },
    (_, i) => (i % d === labels[Math.floor(i / d)] ? 2 : 0) + random.normal(),
  );
  const file = join(dir, 'features-f16.npy');
  writeFileSync(file, encodeNpy(x, [n, d], '<f2'));
  return { file, labels };
}

/** The whole file in memory, L2-normalised by the formula (float64 norm, float32 quotient). */
function normalisedInMemory(file: string) {
  const raw = readNpyFile(file).data as Float32Array;
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let t = 0; t < d; t++) sum += raw[i * d + t] ** 2;
    for (let t = 0; t < d; t++) out[i * d + t] = raw[i * d + t] / Math.sqrt(sum);
  }
  return matrix(out, n, d);
}

const bits = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

describe('trainLinearHead on streamed feature rows', () => {
  const { file, labels } = writeFeatures();
  const inMemory = normalisedInMemory(file);
  const cases: [string, TrainLinearHeadOptions][] = [
    ['L-BFGS', { classes: k, maxIterations: 15, weightDecay: 1e-3, logitScale: 10, blockRows: 4 }],
    ['SGD', { classes: k, optimizer: 'sgd', epochs: 3, batchSize: 6, learningRate: 0.05, seed: 3, blockRows: 4 }],
  ];

  for (const [name, options] of cases) {
    it(`${name}: a float16 file read in blocks of 4 rows gives the in-memory head bit for bit`, () => {
      const streamed = l2NormalizedRows(NpyFeatureRows.open(file), file);
      try {
        const a = trainLinearHead(inMemory, labels, options);
        const b = trainLinearHead(streamed, labels, options);
        expect(bits(b.head.weights.data)).toBe(bits(a.head.weights.data));
        expect(bits(b.head.bias)).toBe(bits(a.head.bias));
        expect(b.loss).toBe(a.loss);
        expect(b.steps).toBe(a.steps);
        // It did train: the loss is below that of the zero head, log K.
        expect(a.loss).toBeLessThan(Math.log(k) - 0.05);
      } finally {
        streamed.close?.();
      }
    });
  }

  it('a matrix and its row source give the same head; another block size moves the head by less than 1e-6', () => {
    const options: TrainLinearHeadOptions = { classes: k, maxIterations: 30, weightDecay: 1e-3, logitScale: 10 };
    const a = trainLinearHead(inMemory, labels, options);
    const b = trainLinearHead(matrixFeatureRows(inMemory), labels, options);
    expect(bits(b.head.weights.data)).toBe(bits(a.head.weights.data));
    const blocked = trainLinearHead(inMemory, labels, { ...options, blockRows: 4 });
    for (let i = 0; i < k * d; i++) expect(blocked.head.weights.data[i]).toBeCloseTo(a.head.weights.data[i], 6);
    expect(() => trainLinearHead(inMemory, labels, { ...options, blockRows: 0 })).toThrow(RangeError);
  });
});
