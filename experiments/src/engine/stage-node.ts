import type { StageContext } from './stage-context.js';
import type { StageStore } from './stage-store.js';

/** The kinds of pipeline stages, in the order a plan lists them. */
export const STAGE_KINDS = [
  'samples',
  'labels',
  'model',
  'merged-model',
  'features',
  'zero-shot-head',
  'linear-head',
  'logits',
  'temperature',
  'prior',
  'prior-uncertainty',
  'evaluation',
] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

/** An input file of a stage: its path and what it is, for messages ("models.zeroShot.manifest"). */
export interface StageFile {
  path: string;
  what: string;
}

/**
 * One cached step of a pipeline. Its key is the SHA-256 of its kind, params, input files' contents and its
 * dependencies' keys, so a change anywhere upstream gives a new key and only the affected stages rerun.
 * Stages with `contentKey` (sample lists, labels read from files) are cheap: they always run, and their key is
 * derived from what they produced.
 */
export interface StageNode<T = unknown> {
  /** Unique id, e.g. `few-shot/caltech101/k4-s1/prior`. */
  readonly id: string;
  readonly kind: StageKind;
  /** One line for plans and logs. */
  readonly label: string;
  readonly deps: readonly StageNode[];
  /** Files hashed into the key; a missing one blocks the stage. */
  readonly files: readonly StageFile[];
  /** JSON settings hashed into the key. */
  readonly params: unknown;
  /** How the value is persisted under the cache. */
  readonly store: StageStore<T>;
  /** Computes the value from the dependencies' values (in `deps` order). */
  compute(inputs: readonly unknown[], ctx: StageContext, where: { key: string; location?: string }): Promise<T>;
  /** For always-run stages: the key from the value (e.g. a hash of the sample list). */
  contentKey?(value: T): string;
}

/** Creates a stage node (a typed identity, so call sites read as declarations). */
export function stage<T>(node: StageNode<T>): StageNode<T> {
  return node;
}
