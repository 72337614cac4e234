import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkFinite, encodeNpy, matrix, parseNpy, type LinearHead, type Matrix, writeFileAtomic } from '@gla/core';

/**
 * How a stage's value is kept between runs. `location` is where the value of a key lives (undefined: the value
 * is never stored); writes are atomic (temp file + rename), so a stored value is always complete.
 */
export interface StageStore<T> {
  readonly format: 'memory' | 'npy' | 'json' | 'head' | 'external';
  location(cacheDir: string, kind: string, key: string): string | undefined;
  has(location: string): Promise<boolean>;
  load(location: string): Promise<T>;
  save(location: string, value: T): Promise<void>;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** Values recomputed on every run (sample lists, labels read from the user's files). */
export const memoryStore: StageStore<never> = {
  format: 'memory',
  location: () => undefined,
  has: async () => false,
  load: async () => {
    throw new Error('memory stages are never stored');
  },
  save: async () => {},
};

/** A matrix (logits, zero-shot head) as a C-order `.npy`, float32 or float64 as computed. */
export const matrixStore: StageStore<Matrix> = {
  format: 'npy',
  location: (cacheDir, kind, key) => join(cacheDir, 'stages', kind, `${key}.npy`),
  has: exists,
  load: async (path) => {
    const array = parseNpy(new Uint8Array(await readFile(path)), path);
    const m = matrix(array.data as Float32Array | Float64Array, array.shape[0], array.shape[1]);
    checkFinite(m, path); // a damaged entry is recomputed by the runner, never used
    return m;
  },
  save: (path, value) => writeFileAtomic(path, encodeNpy(value.data, [value.rows, value.cols])),
};

/** A linear head as one float64 `.npy` of shape (K, D + 1): the weights with the bias as the last column. */
export const headStore: StageStore<LinearHead> = {
  format: 'head',
  location: (cacheDir, kind, key) => join(cacheDir, 'stages', kind, `${key}.npy`),
  has: exists,
  load: async (path) => {
    const array = parseNpy(new Uint8Array(await readFile(path)), path);
    const [k, width] = array.shape;
    const d = width - 1;
    const data = Float64Array.from(array.data as Float64Array);
    const weights = new Float64Array(k * d);
    const bias = new Float64Array(k);
    for (let j = 0; j < k; j++) {
      weights.set(data.subarray(j * width, j * width + d), j * d);
      bias[j] = data[j * width + d];
    }
    return { weights: matrix(weights, k, d), bias };
  },
  save: (path, head) => {
    const k = head.weights.rows;
    const d = head.weights.cols;
    const data = new Float64Array(k * (d + 1));
    for (let j = 0; j < k; j++) {
      data.set(head.weights.data.subarray(j * d, (j + 1) * d), j * (d + 1));
      data[j * (d + 1) + d] = head.bias[j];
    }
    return writeFileAtomic(path, encodeNpy(data, [k, d + 1]));
  },
};

/** A JSON value; `revive` rebuilds typed arrays after reading. */
export function jsonStore<T>(revive: (value: unknown) => T = (v) => v as T): StageStore<T> {
  return {
    format: 'json',
    location: (cacheDir, kind, key) => join(cacheDir, 'stages', kind, `${key}.json`),
    has: exists,
    load: async (path) => revive(JSON.parse(await readFile(path, 'utf8'))),
    save: (path, value) =>
      writeFileAtomic(
        path,
        `${JSON.stringify(value, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v))}\n`,
      ),
  };
}

/**
 * A value its stage writes itself under `location` (a feature cache folder, a merged ONNX file): `has` says
 * whether it is complete and `load` reads it.
 */
export function externalStore<T>(options: {
  location: (cacheDir: string, key: string) => string;
  has: (location: string) => Promise<boolean>;
  load: (location: string) => Promise<T>;
}): StageStore<T> {
  return {
    format: 'external',
    location: (cacheDir, _kind, key) => options.location(cacheDir, key),
    has: options.has,
    load: options.load,
    save: async () => {},
  };
}
