import { encodeOnnxModel, OnnxDataType, type OnnxGraph } from '@gla/models';

/**
 * Tiny image towers written in code for tests (they are not CLIP): `input` [batch, 3, S, S] -> Flatten ->
 * MatMul by a [3*S*S, D] weight -> `output` [batch, D]. Built with the models package's public ONNX encoder.
 */
export interface TinyTowerSpec {
  imageSize: number;
  embedDim: number;
  /** Weight values, [3*S*S, D] row-major; default a fixed pattern. */
  weight?: Float32Array;
  input?: string;
  output?: string;
  /** Declared input side (default `imageSize`): a different value makes a model whose declared shape is wrong. */
  declaredSize?: number;
}

const INT_ATTRIBUTE = 2; // ONNX AttributeProto.INT

/** Deterministic weights in (-1, 1). */
export function tinyWeight(imageSize: number, embedDim: number, seed = 1): Float32Array {
  return Float32Array.from(
    { length: 3 * imageSize * imageSize * embedDim },
    (_, i) => Math.sin(seed * 12.9898 + i * 78.233) * 0.5,
  );
}

/** The ONNX bytes of a tiny image tower. */
export function tinyImageTower(spec: TinyTowerSpec): Uint8Array {
  const { imageSize: s, embedDim: d, input = 'pixel_values', output = 'image_embeds' } = spec;
  const weight = spec.weight ?? tinyWeight(s, d);
  const declared = spec.declaredSize ?? s;
  const dims = (values: (number | string)[]) => ({
    dim: values.map((v) => (typeof v === 'number' ? { dimValue: v } : { dimParam: v })),
  });
  const graph: OnnxGraph = {
    name: 'tiny-tower',
    node: [
      {
        opType: 'Flatten',
        input: [input],
        output: ['flat'],
        name: 'flatten',
        attribute: [{ name: 'axis', type: INT_ATTRIBUTE, i: 1 }],
      },
      { opType: 'MatMul', input: ['flat', 'proj'], output: [output], name: 'project' },
    ],
    initializer: [
      {
        name: 'proj',
        dims: [3 * s * s, d],
        dataType: OnnxDataType.FLOAT,
        rawData: new Uint8Array(weight.buffer, weight.byteOffset, weight.byteLength),
      },
    ],
    input: [
      {
        name: input,
        type: { tensorType: { elemType: OnnxDataType.FLOAT, shape: dims(['batch', 3, declared, declared]) } },
      },
    ],
    output: [{ name: output, type: { tensorType: { elemType: OnnxDataType.FLOAT, shape: dims(['batch', d]) } } }],
  };
  return encodeOnnxModel({
    irVersion: 8,
    producerName: 'gla-reliability-test',
    opsetImport: [{ domain: '', version: 13 }],
    graph,
  });
}
