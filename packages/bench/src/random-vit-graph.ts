import { OnnxDataType, encodeOnnxModel, type OnnxNode, type OnnxTensor } from '@gla/models';

/** Shape of {@link randomVitGraph}'s network; the defaults of the benchmark are ViT-B/32's. */
export interface VitShape {
  /** Input side in pixels (224). */
  imageSize: number;
  /** Patch side in pixels (32). */
  patch: number;
  /** Token width (768). */
  width: number;
  /** Transformer blocks (12). */
  layers: number;
  /** Attention heads (12). */
  heads: number;
  /** Output embedding width (512). */
  embedDim: number;
}

/** Graph names, as a Hugging Face-style CLIP vision export names them. */
export const VIT_IO = { input: 'pixel_values', output: 'image_embeds' } as const;

const ATTR = { FLOAT: 1, INT: 2, INTS: 7 } as const;
const intAttr = (name: string, i: number) => ({ name, type: ATTR.INT, i });
const intsAttr = (name: string, ints: number[]) => ({ name, type: ATTR.INTS, ints });

/** Multiply-adds of one image through the network (for GFLOP figures: FLOPs = 2 x this). */
export function vitMultiplyAdds(shape: VitShape): number {
  const { imageSize, patch, width: w, layers, embedDim } = shape;
  const patches = (imageSize / patch) ** 2;
  const tokens = patches + 1;
  const perLayer = tokens * w * 3 * w + 2 * tokens * tokens * w + tokens * w * w + 2 * tokens * w * 4 * w;
  return patches * 3 * patch * patch * w + layers * perLayer + w * embedDim;
}

/**
 * A ViT-B/32-shaped image tower with random weights, as ONNX bytes (opset 17), for throughput benchmarks only:
 * it is not CLIP and computes nothing meaningful. Faithful in shape and FLOPs to CLIP's ViT-B/32 vision tower:
 * a patch-embedding convolution, a class token and position embeddings, then `layers` pre-norm blocks of
 * multi-head self-attention (QKV projection, softmax(QK^T / sqrt(d)) V, output projection) and a 4x MLP with
 * QuickGELU (x * sigmoid(1.702 x)), a final LayerNorm on the class token and a linear projection. Weights are
 * uniform with the variance of a 1 / fan-in initialisation, from a seeded generator.
 */
export function randomVitGraph(shape: VitShape, seed = 1): Uint8Array {
  const { imageSize: size, patch, width: w, layers, heads, embedDim } = shape;
  if (size % patch !== 0 || w % heads !== 0)
    throw new RangeError(`randomVitGraph: ${size} not divisible by ${patch} or ${w} by ${heads}`);
  const tokens = (size / patch) ** 2 + 1;
  const headDim = w / heads;
  let state = seed >>> 0 || 1;
  // xorshift32: fast enough for ~88 M weights.
  const uniform = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296 - 0.5;
  };
  const initializers: OnnxTensor[] = [];
  const nodes: OnnxNode[] = [];
  const weight = (name: string, dims: number[], fanIn: number) => {
    const n = dims.reduce((a, b) => a * b, 1);
    const values = new Float32Array(n);
    const scale = Math.sqrt(12 / fanIn); // uniform(-a/2, a/2) has variance a^2 / 12
    for (let i = 0; i < n; i++) values[i] = uniform() * scale;
    initializers.push({ name, dims, dataType: OnnxDataType.FLOAT, rawData: new Uint8Array(values.buffer) });
    return name;
  };
  const constant = (name: string, dims: number[], values: number[], dataType: number = OnnxDataType.FLOAT) => {
    const data = dataType === OnnxDataType.INT64 ? new BigInt64Array(values.map(BigInt)) : new Float32Array(values);
    initializers.push({ name, dims, dataType, rawData: new Uint8Array(data.buffer) });
    return name;
  };
  const ones = (name: string) => constant(name, [w], new Array(w).fill(1));
  const zeros = (name: string, n = w) => constant(name, [n], new Array(n).fill(0));
  let counter = 0;
  const op = (opType: string, input: string[], attribute: OnnxNode['attribute'] = [], outputs = 1): string[] => {
    const output = Array.from({ length: outputs }, (_, i) => `${opType.toLowerCase()}_${counter}_${i}`);
    nodes.push({ opType, name: `${opType}_${counter++}`, input, output, attribute });
    return output;
  };
  const one = (opType: string, input: string[], attribute: OnnxNode['attribute'] = []) =>
    op(opType, input, attribute)[0];
  const layerNorm = (x: string, name: string) =>
    one(
      'LayerNormalization',
      [x, ones(`${name}.weight`), zeros(`${name}.bias`)],
      [intAttr('axis', -1), { name: 'epsilon', type: ATTR.FLOAT, f: 1e-5 }],
    );
  const linear = (x: string, name: string, inputs: number, outputs: number) =>
    one('Add', [
      one('MatMul', [x, weight(`${name}.weight`, [inputs, outputs], inputs)]),
      zeros(`${name}.bias`, outputs),
    ]);

  // Patch embedding and tokens: [N, 3, S, S] -> [N, w, g, g] -> [N, g*g, w], class token in front.
  const conv = one(
    'Conv',
    [VIT_IO.input, weight('patch.weight', [w, 3, patch, patch], 3 * patch * patch)],
    [intsAttr('kernel_shape', [patch, patch]), intsAttr('strides', [patch, patch])],
  );
  const patches = one(
    'Transpose',
    [one('Reshape', [conv, constant('shape.tokens', [3], [0, w, -1], OnnxDataType.INT64)])],
    [intsAttr('perm', [0, 2, 1])],
  );
  const batch = one('Unsqueeze', [
    one(
      'Gather',
      [one('Shape', [VIT_IO.input]), constant('index.zero', [], [0], OnnxDataType.INT64)],
      [intAttr('axis', 0)],
    ),
    constant('axes.zero', [1], [0], OnnxDataType.INT64),
  ]);
  const clsShape = one('Concat', [batch, constant('shape.cls', [2], [1, w], OnnxDataType.INT64)], [intAttr('axis', 0)]);
  const cls = one('Expand', [weight('class.embedding', [1, 1, w], w), clsShape]);
  let x = one('Add', [
    one('Concat', [cls, patches], [intAttr('axis', 1)]),
    weight('position.embedding', [1, tokens, w], w),
  ]);
  x = layerNorm(x, 'ln.pre');

  const headShape = constant('shape.heads', [4], [0, 0, heads, headDim], OnnxDataType.INT64);
  const mergeShape = constant('shape.merge', [3], [0, 0, w], OnnxDataType.INT64);
  const split = constant('split.qkv', [3], [w, w, w], OnnxDataType.INT64);
  const attentionScale = constant('scale.attention', [], [1 / Math.sqrt(headDim)]);
  const geluScale = constant('scale.gelu', [], [1.702]);
  for (let l = 0; l < layers; l++) {
    const [q, k, v] = op(
      'Split',
      [linear(layerNorm(x, `block${l}.ln1`), `block${l}.qkv`, w, 3 * w), split],
      [intAttr('axis', 2)],
      3,
    );
    const heads4 = (t: string, perm: number[]) =>
      one('Transpose', [one('Reshape', [t, headShape])], [intsAttr('perm', perm)]);
    const scores = one(
      'Softmax',
      [one('Mul', [one('MatMul', [heads4(q, [0, 2, 1, 3]), heads4(k, [0, 2, 3, 1])]), attentionScale])],
      [intAttr('axis', -1)],
    );
    const context = one(
      'Transpose',
      [one('MatMul', [scores, heads4(v, [0, 2, 1, 3])])],
      [intsAttr('perm', [0, 2, 1, 3])],
    );
    x = one('Add', [x, linear(one('Reshape', [context, mergeShape]), `block${l}.out`, w, w)]);
    const hidden = linear(layerNorm(x, `block${l}.ln2`), `block${l}.fc1`, w, 4 * w);
    const gelu = one('Mul', [hidden, one('Sigmoid', [one('Mul', [hidden, geluScale])])]);
    x = one('Add', [x, linear(gelu, `block${l}.fc2`, 4 * w, w)]);
  }
  const pooled = layerNorm(
    one('Gather', [x, constant('index.cls', [], [0], OnnxDataType.INT64)], [intAttr('axis', 1)]),
    'ln.post',
  );
  nodes.push({
    opType: 'MatMul',
    name: 'projection',
    input: [pooled, weight('projection.weight', [w, embedDim], w)],
    output: [VIT_IO.output],
  });

  const info = (name: string, dims: (number | string)[]) => ({
    name,
    type: {
      tensorType: {
        elemType: OnnxDataType.FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
  return encodeOnnxModel({
    irVersion: 8,
    producerName: 'gla-bench (random-vit-b32-shaped, not CLIP)',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'random-vit-b32-shaped',
      node: nodes,
      initializer: initializers,
      input: [info(VIT_IO.input, ['batch', 3, size, size])],
      output: [info(VIT_IO.output, ['batch', embedDim])],
    },
  });
}
