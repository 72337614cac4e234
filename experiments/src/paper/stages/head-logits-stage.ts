import {
  interpolateHeads,
  l2NormalizedRows,
  linearLogitBlocks,
  type LogitBlock,
  matrix,
  toFloat64,
  type LinearHead,
  type Matrix,
  type ParallelPool,
  parallelProducts,
  typescriptProducts,
} from '@gla/core';
import { normalizeRows } from '@gla/models';
import { type StageFeatures, isFeatureFile, openFeatureRows } from './stage-features.js';
import { stage, type StageNode } from '../../engine/stage-node.js';
import { matrixStore } from '../../engine/stage-store.js';

/** A head as a linear head: a zero-shot head ([K, D] class embeddings) gets a zero bias. */
export function asLinearHead(head: Matrix | LinearHead): LinearHead {
  if ('weights' in head) return head;
  return { weights: matrix(toFloat64(head.data), head.rows, head.cols), bias: new Float64Array(head.rows) };
}

/**
 * Logits of a head on L2-normalised image features, times the logit scale (CLIP: 100 x cosine). Features left on
 * disk are read and normalised block by block (the same numbers: each row is normalised and scored alone).
 */
export function headLogits(features: StageFeatures, head: Matrix | LinearHead, scale: number): Matrix<Float32Array> {
  const k = 'weights' in head ? head.weights.rows : head.rows;
  const out = new Float32Array(features.rows * k);
  for (const block of headLogitBlocks(features, head, scale)) out.set(block.logits, block.start * k);
  return matrix(out, features.rows, k);
}

/**
 * {@link headLogits} block by block (4,096 rows at a time, the same bits), for logits larger than memory: features
 * left on disk are read, normalised and scored one block at a time, and the file is closed when the blocks end
 * (or the consumer stops early). With `pool`, each block's products are split over its lanes (the same bits).
 */
export function* headLogitBlocks(
  features: StageFeatures,
  head: Matrix | LinearHead,
  scale: number,
  pool?: ParallelPool,
): Generator<LogitBlock> {
  const products = pool ? parallelProducts(pool) : typescriptProducts;
  if (!isFeatureFile(features)) {
    yield* linearLogitBlocks(normalizeRows(features), asLinearHead(head), scale, products);
    return;
  }
  const rows = l2NormalizedRows(openFeatureRows(features), features.file);
  try {
    yield* linearLogitBlocks(rows, asLinearHead(head), scale, products);
  } finally {
    rows.close?.();
  }
}

/** A head's logits on a feature set. */
export function headLogitsStage(
  id: string,
  features: StageNode<StageFeatures>,
  head: StageNode<Matrix | LinearHead>,
  scale: number,
): StageNode<Matrix> {
  return stage({
    id,
    kind: 'logits',
    label: `${head.id} on ${features.id} (scale ${scale})`,
    deps: [features, head],
    files: [],
    params: { scale },
    store: matrixStore,
    compute: async ([f, h]) => headLogits(f as StageFeatures, h as Matrix | LinearHead, scale),
  });
}

/** WiSE-FT on a linear head: `(1 - alpha) * zero-shot head + alpha * fine-tuned head`, then its logits. */
export function interpolatedLogitsStage(
  id: string,
  features: StageNode<StageFeatures>,
  zeroShot: StageNode<Matrix>,
  fineTuned: StageNode<LinearHead>,
  alpha: number,
  scale: number,
): StageNode<Matrix> {
  return stage({
    id,
    kind: 'logits',
    label: `WiSE-FT head at alpha ${alpha} on ${features.id}`,
    deps: [features, zeroShot, fineTuned],
    files: [],
    params: { alpha, scale },
    store: matrixStore,
    compute: async ([f, zs, ft]) =>
      headLogits(f as StageFeatures, interpolateHeads(asLinearHead(zs as Matrix), ft as LinearHead, alpha), scale),
  });
}
