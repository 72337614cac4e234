import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRandom, encodeNpy, matrix, readNpyFile, type LinearHead, type Matrix } from '@gla/core';
import { describe, expect, it } from 'vitest';
import type { StageContext } from '../../../src/engine/stage-context.js';
import { stage, type StageNode } from '../../../src/engine/stage-node.js';
import { memoryStore } from '../../../src/engine/stage-store.js';
import { featureFile } from '../../../src/paper/stages/stage-features.js';
import { headLogits } from '../../../src/paper/stages/head-logits-stage.js';
import { linearHeadStage, type LinearHeadSettings } from '../../../src/paper/stages/linear-head-stage.js';
import type { SampleList } from '../../../src/paper/stages/sample-list.js';
import { subsetRowsStage } from '../../../src/paper/stages/subset-rows-stage.js';
import { tempDir } from '../helpers/temp-dir.js';

const n = 45;
const d = 6;
const k = 4;
const dir = tempDir('gla-streamed-');
const random = createRandom(21);
const labels = Int32Array.from({ length: n }, (_, i) => (i * 7) % k);
const raw = Float32Array.from(
  { length: n * d },
  (_, i) => (i % d === labels[Math.floor(i / d)] ? 3 : 0) + random.normal(),
);
const file = join(dir, 'features.npy');
writeFileSync(file, encodeNpy(raw, [n, d], '<f2'));
/** The file loaded whole (float16 widened), as the in-memory path sees it. */
const whole = (): Matrix => matrix(readNpyFile(file).data as Float32Array, n, d);
const zeroShot = matrix(
  Float32Array.from({ length: k * d }, () => random.normal()),
  k,
  d,
);

const logs: string[] = [];
const ctx: StageContext = {
  root: dir,
  cacheDir: dir,
  log: (line) => logs.push(line),
  progress: () => ({ update() {}, increment() {}, stop() {} }) as unknown as ReturnType<StageContext['progress']>,
  digests: undefined as unknown as StageContext['digests'],
};
const input = <T>(id: string): StageNode<T> =>
  stage<T>({
    id,
    kind: 'labels',
    label: id,
    deps: [],
    files: [],
    params: null,
    store: memoryStore,
    compute: async () => undefined as T,
  });
const bits = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

describe('feature stages on a feature file left on disk', () => {
  const settings: LinearHeadSettings = {
    init: 'zero-shot',
    weightDecay: 1e-3,
    regularizeTowards: 'init',
    optimizer: 'lbfgs',
    maxIterations: 12,
    epochs: 2,
    batchSize: 8,
    learningRate: 0.05,
    seed: 4,
  };
  for (const optimizer of ['lbfgs', 'sgd'] as const) {
    it(`trains the same linear head bit for bit as from the loaded matrix (${optimizer})`, async () => {
      const node = linearHeadStage('head', input('f'), input('y'), input('zs'), { ...settings, optimizer }, 50);
      logs.length = 0;
      const inMemory = (await node.compute([whole(), labels, zeroShot], ctx, { key: 'a' })) as LinearHead;
      expect(logs.some((l) => l.includes('block by block'))).toBe(false);
      const streamed = (await node.compute([featureFile(file), labels, zeroShot], ctx, { key: 'a' })) as LinearHead;
      expect(logs).toContain(`linear head head: ${n} x ${d} float16 features read block by block from ${file}`);
      expect(bits(streamed.weights.data)).toBe(bits(inMemory.weights.data));
      expect(bits(streamed.bias)).toBe(bits(inMemory.bias));
      // It trained: the head moved away from the zero-shot head it started from.
      expect(streamed.weights.data.some((w, i) => Math.abs(w - zeroShot.data[i]) > 1e-3)).toBe(true);
    });
  }

  it('gives the same logits bit for bit (rows normalised and scored block by block)', () => {
    const a = headLogits(whole(), zeroShot, 100);
    const b = headLogits(featureFile(file), zeroShot, 100);
    expect([b.rows, b.cols]).toEqual([n, k]);
    expect(bits(b.data)).toBe(bits(a.data));
    // Against the formula for one row: 100 x cosine of the widened float16 row with the head's row.
    const x = whole().data.subarray(5 * d, 6 * d);
    const w = zeroShot.data.subarray(2 * d, 3 * d);
    let dot = 0;
    let norm = 0;
    for (let t = 0; t < d; t++) {
      norm += x[t] * x[t];
      dot += w[t] * x[t];
    }
    expect(b.data[5 * k + 2]).toBeCloseTo((100 * dot) / Math.sqrt(norm), 4);
  });

  it('takes a subset of a pool on disk by reading only its rows', async () => {
    const sample = (i: number) => ({ id: `s${i}`, path: `p${i}`, label: labels[i] });
    const pool = { samples: Array.from({ length: n }, (_, i) => sample(i)), classNames: [] } as unknown as SampleList;
    const part = { samples: [sample(44), sample(3), sample(3)], classNames: [] } as unknown as SampleList;
    const node = subsetRowsStage('subset', input('pool'), input('values'), input('part'));
    const fromFile = (await node.compute([pool, featureFile(file), part], ctx, { key: 'b' })) as Matrix;
    const fromMatrix = (await node.compute([pool, whole(), part], ctx, { key: 'b' })) as Matrix;
    const w = whole().data;
    expect(Array.from(fromFile.data)).toEqual([
      ...w.subarray(44 * d, 45 * d),
      ...w.subarray(3 * d, 4 * d),
      ...w.subarray(3 * d, 4 * d),
    ]);
    expect(bits(fromFile.data)).toBe(bits(fromMatrix.data));
  });
});
