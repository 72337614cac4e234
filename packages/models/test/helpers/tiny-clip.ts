import { OnnxDataType } from '../../src/onnx-model-proto.js';
import { buildModel, floatTensor, intAttr, intsAttr, node, valueInfo, type Storage } from './onnx-builder.js';

/**
 * Tiny two-tower networks with CLIP's input/output conventions, for tests only (they are not
 * CLIP): image tower pixel_values [N,3,S,S] -> Flatten -> MatMul -> image_embeds [N,D];
 * text tower input_ids [N,77] -> Gather(token table) -> ReduceMean over positions -> MatMul ->
 * text_embeds [N,D].
 */
export interface TinyTowers {
  readonly imageSize: number;
  readonly embedDim: number;
  readonly tokenDim: number;
  readonly vocab: number;
  /** [3*S*S, D] */
  readonly imageWeight: Float32Array;
  /** [vocab, tokenDim] */
  readonly tokenTable: Float32Array;
  /** [tokenDim, D] */
  readonly textProjection: Float32Array;
}

/** Deterministic uniform(-1, 1) numbers (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

export function randomArray(n: number, random: () => number): Float32Array {
  return Float32Array.from({ length: n }, random);
}

export function tinyTowers(seed: number, imageSize = 4, embedDim = 6, tokenDim = 5, vocab = 49408): TinyTowers {
  const random = seededRandom(seed);
  return {
    imageSize,
    embedDim,
    tokenDim,
    vocab,
    imageWeight: randomArray(3 * imageSize * imageSize * embedDim, random),
    tokenTable: randomArray(vocab * tokenDim, random),
    textProjection: randomArray(tokenDim * embedDim, random),
  };
}

/**
 * The image tower as ONNX bytes; `half` stores the weight as float16 followed by a Cast; `batch` a number makes a
 * fixed-batch export.
 */
export function imageTowerOnnx(
  t: TinyTowers,
  storage: Storage = 'raw',
  half = false,
  batch: number | 'batch' = 'batch',
): { model: Uint8Array; external?: Uint8Array } {
  const inputs = 3 * t.imageSize * t.imageSize;
  const weight = floatTensor(
    half ? 'visual.proj.half' : 'visual.proj',
    [inputs, t.embedDim],
    t.imageWeight,
    storage,
    half,
  );
  const nodes = [node('Flatten', ['pixel_values'], ['flat'], [intAttr('axis', 1)])];
  if (half) nodes.push(node('Cast', ['visual.proj.half'], ['visual.proj'], [intAttr('to', OnnxDataType.FLOAT)]));
  nodes.push(node('MatMul', ['flat', 'visual.proj'], ['image_embeds']));
  const model = buildModel({
    nodes,
    initializers: [weight.tensor],
    inputs: [valueInfo('pixel_values', OnnxDataType.FLOAT, [batch, 3, t.imageSize, t.imageSize])],
    outputs: [valueInfo('image_embeds', OnnxDataType.FLOAT, [batch, t.embedDim])],
  });
  return { model, external: weight.external };
}

/** The text tower as ONNX bytes (token input int64 [N,77]; `batch` a number for a fixed-batch export). */
export function textTowerOnnx(t: TinyTowers, batch: number | 'batch' = 'batch'): Uint8Array {
  return buildModel({
    nodes: [
      node('Gather', ['token_embedding', 'input_ids'], ['tokens'], [intAttr('axis', 0)]),
      node('ReduceMean', ['tokens'], ['pooled'], [intsAttr('axes', [1]), intAttr('keepdims', 0)]),
      node('MatMul', ['pooled', 'text_projection'], ['text_embeds']),
    ],
    initializers: [
      floatTensor('token_embedding', [t.vocab, t.tokenDim], t.tokenTable).tensor,
      floatTensor('text_projection', [t.tokenDim, t.embedDim], t.textProjection).tensor,
    ],
    inputs: [valueInfo('input_ids', OnnxDataType.INT64, [batch, 77])],
    outputs: [valueInfo('text_embeds', OnnxDataType.FLOAT, [batch, t.embedDim])],
  });
}

/** Direct TypeScript evaluation of the image tower: [n, D] row-major. */
export function imageTowerReference(
  t: TinyTowers,
  pixels: Float32Array,
  n: number,
  weight = t.imageWeight,
): Float64Array {
  const inputs = 3 * t.imageSize * t.imageSize;
  const out = new Float64Array(n * t.embedDim);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < t.embedDim; d++) {
      let sum = 0;
      for (let k = 0; k < inputs; k++) sum += pixels[i * inputs + k] * weight[k * t.embedDim + d];
      out[i * t.embedDim + d] = sum;
    }
  }
  return out;
}

/** Direct TypeScript evaluation of the text tower on token rows of length `cols`. */
export function textTowerReference(t: TinyTowers, ids: ArrayLike<number | bigint>, n: number, cols = 77): Float64Array {
  const out = new Float64Array(n * t.embedDim);
  const pooled = new Float64Array(t.tokenDim);
  for (let i = 0; i < n; i++) {
    pooled.fill(0);
    for (let j = 0; j < cols; j++) {
      const id = Number(ids[i * cols + j]);
      for (let e = 0; e < t.tokenDim; e++) pooled[e] += t.tokenTable[id * t.tokenDim + e] / cols;
    }
    for (let d = 0; d < t.embedDim; d++) {
      let sum = 0;
      for (let e = 0; e < t.tokenDim; e++) sum += pooled[e] * t.textProjection[e * t.embedDim + d];
      out[i * t.embedDim + d] = sum;
    }
  }
  return out;
}
