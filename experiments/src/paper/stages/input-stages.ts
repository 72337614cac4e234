import { encodeNpy, matrix, parseNpy, readInputFile, type Matrix } from '@gla/core';
import { hashBytes, hashJson } from '../../engine/canonical-json.js';
import { memoryStore } from '../../engine/stage-store.js';
import { stage, type StageNode } from '../../engine/stage-node.js';
import { labelsOf, sampleListKey, type SampleList } from './sample-list.js';
import { PipelineError } from '../../engine/pipeline-error.js';
import type { StageContext } from '../../engine/stage-context.js';

/** A split's sample list, read from the dataset's files on every run (cheap); its key is the list's content. */
export function samplesStage(
  id: string,
  label: string,
  load: (ctx: StageContext) => Promise<SampleList>,
): StageNode<SampleList> {
  return stage({
    id,
    kind: 'samples',
    label,
    deps: [],
    files: [],
    params: null,
    store: memoryStore,
    compute: (_inputs, ctx) => load(ctx),
    contentKey: sampleListKey,
  });
}

/** The labels of a sample list. */
export function labelsFromSamples(id: string, samples: StageNode<SampleList>): StageNode<Int32Array> {
  return stage({
    id,
    kind: 'labels',
    label: `labels of ${samples.id}`,
    deps: [samples],
    files: [],
    params: null,
    store: memoryStore,
    compute: async ([list]) => labelsOf(list as SampleList),
    contentKey: (labels) => hashBytes(encodeNpy(labels, [labels.length])),
  });
}

/** A sample list's class names (zero-shot heads depend on these, not on which images are listed). */
export function classNamesStage(id: string, samples: StageNode<SampleList>): StageNode<readonly string[]> {
  return stage({
    id,
    kind: 'samples',
    label: `class names of ${samples.id}`,
    deps: [samples],
    files: [],
    params: null,
    store: memoryStore,
    compute: async ([list]) => (list as SampleList).classNames,
    contentKey: (names) => hashJson(names),
  });
}

async function readArray(path: string) {
  const bytes = readInputFile(path);
  return parseNpy(bytes, path);
}

/** Labels (1-D int32/int64 `.npy`) read from the user's file on every run. */
export function labelsFileStage(id: string, path: string, what: string): StageNode<Int32Array> {
  return stage({
    id,
    kind: 'labels',
    label: `labels from ${what}`,
    deps: [],
    files: [{ path, what }],
    params: null,
    store: memoryStore,
    compute: async () => {
      const array = await readArray(path);
      if (array.shape.length !== 1 || !(array.data instanceof Int32Array)) {
        throw new PipelineError(
          `${path}: expected 1-D int32/int64 labels, got ${array.dtype} of shape (${array.shape.join(', ')}) (${what})`,
        );
      }
      // An empty split scores 0 / 0 = NaN, which would reach the results as null.
      if (array.data.length === 0) throw new PipelineError(`${path}: empty array (${what})`);
      return array.data;
    },
  });
}

/** Logits (2-D float32/float64 `.npy`, N x K) read from the user's file on every run. */
export function logitsFileStage(id: string, path: string, what: string): StageNode<Matrix> {
  return stage({
    id,
    kind: 'logits',
    label: `logits from ${what}`,
    deps: [],
    files: [{ path, what }],
    params: null,
    store: memoryStore,
    compute: async () => {
      const array = await readArray(path);
      if (array.shape.length !== 2 || !(array.data instanceof Float32Array || array.data instanceof Float64Array)) {
        throw new PipelineError(
          `${path}: expected 2-D float logits (N x K), got ${array.dtype} of shape (${array.shape.join(', ')}) (${what})`,
        );
      }
      if (array.shape[0] === 0 || array.shape[1] === 0)
        throw new PipelineError(`${path}: empty array, shape (${array.shape.join(', ')}) (${what})`);
      for (let i = 0; i < array.data.length; i++) {
        if (!Number.isFinite(array.data[i]))
          throw new PipelineError(`${path}: non-finite value at row ${Math.floor(i / array.shape[1])} (${what})`);
      }
      return matrix(array.data, array.shape[0], array.shape[1]);
    },
  });
}

/** Rows of two matrices stacked (the few-shot estimation set: k-shot train then k-shot val). */
export function concatLogitsStage(id: string, first: StageNode<Matrix>, second: StageNode<Matrix>): StageNode<Matrix> {
  return stage({
    id,
    kind: 'logits',
    label: `${first.id} + ${second.id}`,
    deps: [first, second],
    files: [],
    params: { concat: true },
    store: memoryStore,
    compute: async ([a, b]) => {
      const x = a as Matrix;
      const y = b as Matrix;
      if (x.cols !== y.cols)
        throw new PipelineError(`${first.id} has ${x.cols} classes but ${second.id} has ${y.cols}`);
      const data = new Float64Array(x.data.length + y.data.length);
      data.set(x.data, 0);
      data.set(y.data, x.data.length);
      return matrix(data, x.rows + y.rows, x.cols);
    },
  });
}

/** Two label vectors stacked. */
export function concatLabelsStage(
  id: string,
  first: StageNode<Int32Array>,
  second: StageNode<Int32Array>,
): StageNode<Int32Array> {
  return stage({
    id,
    kind: 'labels',
    label: `${first.id} + ${second.id}`,
    deps: [first, second],
    files: [],
    params: null,
    store: memoryStore,
    compute: async ([a, b]) => {
      const out = new Int32Array((a as Int32Array).length + (b as Int32Array).length);
      out.set(a as Int32Array, 0);
      out.set(b as Int32Array, (a as Int32Array).length);
      return out;
    },
    contentKey: (labels) => hashBytes(encodeNpy(labels, [labels.length])),
  });
}
