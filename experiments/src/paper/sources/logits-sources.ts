import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { parseNpy, type Matrix } from '@gla/core';
import { displayPath, fillPattern, type PatternVariables } from '../config/fill-pattern.js';
import type { PaperConfig } from '../config/paper-config.js';
import { labelsFileStage, logitsFileStage } from '../stages/input-stages.js';
import { stage, type StageNode } from '../../engine/stage-node.js';
import { memoryStore } from '../../engine/stage-store.js';
import type { StageRegistry } from '../../engine/stage-registry.js';
import { PipelineError } from '../../engine/pipeline-error.js';

/** Which run unit a split belongs to: a few-shot (dataset, shots, seed), a long-tail benchmark, or ImageNet. */
export interface UnitRef {
  /** Lower-case dataset name as file patterns use it (`caltech101`, `imagenet-lt`). */
  dataset?: string;
  shots?: number;
  seed?: number;
}

/**
 * Where the labels and each model's logits on a split come from. Pipelines are written against this, so the
 * same experiment runs on `.npy` logits (logits mode) or on images through ONNX models.
 */
export interface LogitsSources {
  labels(role: string, unit: UnitRef): StageNode<Int32Array>;
  /** The class subset of a split scored on part of the classes (ImageNet-R / -A), if it has one. */
  classIndices(role: string, unit: UnitRef): StageNode<Int32Array | null> | undefined;
  zeroShot(role: string, unit: UnitRef): StageNode<Matrix>;
  fineTuned(role: string, unit: UnitRef): StageNode<Matrix>;
  /** WiSE-FT at `alpha`; undefined when the config has no WiSE-FT model. */
  wiseFt(role: string, unit: UnitRef, alpha: number): StageNode<Matrix> | undefined;
  /** The true pre-training prior, where the source knows it (a simulation); else absent. */
  truePrior?(): StageNode<Float64Array>;
}

/** Logits mode: every label vector and logits matrix is a user's `.npy`, found by its file pattern. */
export function logitsFileSources(config: PaperConfig, root: string, registry: StageRegistry): LogitsSources {
  const data = config.data;
  if (data.kind !== 'logits') throw new Error('logitsFileSources needs data.kind: logits');
  const file = (pattern: string | undefined, what: string, vars: PatternVariables) => {
    if (!pattern) throw new PipelineError(`${what}: required: the experiment reads this split`);
    const path = fillPattern(pattern, vars, root, what);
    return { path, what: `${what} = ${displayPath(root, path)}` };
  };
  const files = (
    source: { kind: string; files?: Record<string, string | undefined> },
    key: string,
    role: string,
    vars: PatternVariables,
  ) => {
    if (source.kind !== 'logits') throw new Error(`${key} is not a logits source`);
    return file(source.files?.[role], `${key}.files.${role}`, vars);
  };
  const logits = (f: { path: string; what: string }) =>
    registry.once(`logits:${relative(root, f.path)}`, (id) => logitsFileStage(id, f.path, f.what));
  return {
    labels: (role, unit) => {
      const f = file(data.labels[role], `data.labels.${role}`, unit);
      return registry.once(`labels:${relative(root, f.path)}`, (id) => labelsFileStage(id, f.path, f.what));
    },
    classIndices: (role) => {
      if (
        config.kind !== 'many-shot' ||
        config.data.kind !== 'logits' ||
        (role !== 'imagenet-r' && role !== 'imagenet-a')
      )
        return undefined;
      const pattern = config.data.classIndices[role];
      if (!pattern) return registry.once(`class-indices:${role}:from-labels`, (id) => constantStage(id, null));
      const f = file(pattern, `data.classIndices.${role}`, {});
      return registry.once(`class-indices:${relative(root, f.path)}`, (id) =>
        classIndicesFileStage(id, f.path, f.what),
      );
    },
    zeroShot: (role, unit) => logits(files(config.models.zeroShot, 'models.zeroShot', role, unit)),
    fineTuned: (role, unit) => logits(files(config.models.fineTuned, 'models.fineTuned', role, unit)),
    wiseFt: (role, unit, alpha) => {
      const wise = config.models.wiseFt;
      if (wise?.kind !== 'logits') return undefined;
      return logits(files(wise, 'models.wiseFt', role, { ...unit, alpha }));
    },
  };
}

/** A stage with a fixed value (e.g. "no class subset file: derive it from the labels"). */
function constantStage<T>(id: string, value: T): StageNode<T> {
  return stage({
    id,
    kind: 'labels',
    label: 'class subset from the labels',
    deps: [],
    files: [],
    params: { constant: value },
    store: memoryStore,
    compute: async () => value,
  });
}

/** Class indices of a subset: a 1-D integer `.npy` or a JSON list. */
function classIndicesFileStage(id: string, path: string, what: string): StageNode<Int32Array | null> {
  return stage({
    id,
    kind: 'labels',
    label: `class subset from ${what}`,
    deps: [],
    files: [{ path, what }],
    params: null,
    store: memoryStore,
    compute: async () => {
      const bytes = new Uint8Array(await readFile(path));
      if (path.endsWith('.json')) {
        const parsed = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
        if (!Array.isArray(parsed) || parsed.some((v) => !Number.isInteger(v)))
          throw new PipelineError(`${path}: expected a JSON list of class indices (${what})`);
        return Int32Array.from(parsed as number[]);
      }
      const array = parseNpy(bytes, path);
      if (array.shape.length !== 1 || !(array.data instanceof Int32Array))
        throw new PipelineError(`${path}: expected 1-D integer class indices (${what})`);
      return array.data;
    },
  });
}
