import { encodeOnnxModel, OnnxDataType, type OnnxGraph, type OnnxNode, type OnnxTensor } from '@gla/models';

type OnnxValueInfo = NonNullable<OnnxGraph['input']>[number];

/** A few ONNX building blocks for test networks (they are fixtures, not CLIP). */

const INT = 2;
const INTS = 7;

export function valueInfo(name: string, elemType: number, dims: (number | string)[]): OnnxValueInfo {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export function floatTensor(name: string, dims: number[], values: Float32Array): OnnxTensor {
  return {
    name,
    dims,
    dataType: OnnxDataType.FLOAT,
    rawData: new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength)),
  };
}

export function node(
  opType: string,
  input: string[],
  output: string[],
  attribute: OnnxNode['attribute'] = [],
): OnnxNode {
  return { opType, input, output, name: `${opType}_${output[0]}`, attribute };
}

export const intAttr = (name: string, i: number) => ({ name, type: INT, i });
export const intsAttr = (name: string, ints: number[]) => ({ name, type: INTS, ints });

/** One-graph model bytes (IR 8, opset 13). */
export function model(
  nodes: OnnxNode[],
  initializer: OnnxTensor[],
  input: OnnxValueInfo[],
  output: OnnxValueInfo[],
): Uint8Array {
  return encodeOnnxModel({
    irVersion: 8,
    producerName: 'gla-experiments-test',
    opsetImport: [{ domain: '', version: 13 }],
    graph: { name: 'tiny', node: nodes, initializer, input, output },
  });
}

/** pixels [N, 3, S, S] -> Flatten -> MatMul(weight [3 S S, D]) -> output [N, D]: a tiny image tower or classifier. */
export function linearImageModel(
  imageSize: number,
  weight: Float32Array,
  width: number,
  input: string,
  output: string,
): Uint8Array {
  return model(
    [node('Flatten', [input], ['flat'], [intAttr('axis', 1)]), node('MatMul', ['flat', 'weight'], [output])],
    [floatTensor('weight', [3 * imageSize * imageSize, width], weight)],
    [valueInfo(input, OnnxDataType.FLOAT, ['batch', 3, imageSize, imageSize])],
    [valueInfo(output, OnnxDataType.FLOAT, ['batch', width])],
  );
}

/** input_ids int64 [N, 77] -> Gather(token table) -> mean over positions -> MatMul(projection) -> text_embeds [N, D]. */
export function textModel(
  tokenTable: Float32Array,
  vocab: number,
  tokenDim: number,
  projection: Float32Array,
  embedDim: number,
): Uint8Array {
  return model(
    [
      node('Gather', ['token_embedding', 'input_ids'], ['tokens'], [intAttr('axis', 0)]),
      node('ReduceMean', ['tokens'], ['pooled'], [intsAttr('axes', [1]), intAttr('keepdims', 0)]),
      node('MatMul', ['pooled', 'text_projection'], ['text_embeds']),
    ],
    [
      floatTensor('token_embedding', [vocab, tokenDim], tokenTable),
      floatTensor('text_projection', [tokenDim, embedDim], projection),
    ],
    [valueInfo('input_ids', OnnxDataType.INT64, ['batch', 77])],
    [valueInfo('text_embeds', OnnxDataType.FLOAT, ['batch', embedDim])],
  );
}
