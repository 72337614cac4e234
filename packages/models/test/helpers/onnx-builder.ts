import { float32ToFloat16 } from '@gla/core';
import {
  EXTERNAL_DATA_LOCATION,
  OnnxAttributeType,
  OnnxDataType,
  encodeOnnxModel,
  type OnnxAttribute,
  type OnnxNode,
  type OnnxTensor,
  type OnnxValueInfo,
} from '../../src/onnx-model-proto.js';

/** Small helpers that write ONNX models in code with this package's own proto schema. */

export type Dim = number | string;

export function valueInfo(name: string, elemType: number, dims: Dim[]): OnnxValueInfo {
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

export type Storage = 'raw' | 'typed' | { external: string; offset: number };

function bytesOf(array: Float32Array | Uint16Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/**
 * A float32 (or float16 when `half`) initializer. With external storage the returned `external`
 * bytes must be written by the caller at `offset` of the named file.
 */
export function floatTensor(
  name: string,
  dims: number[],
  values: Float32Array,
  storage: Storage = 'raw',
  half = false,
): { tensor: OnnxTensor; external?: Uint8Array } {
  const dataType = half ? OnnxDataType.FLOAT16 : OnnxDataType.FLOAT;
  const stored = half ? float32ToFloat16(values) : values;
  const tensor: OnnxTensor = { name, dims, dataType };
  if (storage === 'raw') return { tensor: { ...tensor, rawData: bytesOf(stored) } };
  if (storage === 'typed') {
    return {
      tensor: half ? { ...tensor, int32Data: [...(stored as Uint16Array)] } : { ...tensor, floatData: [...values] },
    };
  }
  const raw = bytesOf(stored);
  return {
    tensor: {
      ...tensor,
      dataLocation: EXTERNAL_DATA_LOCATION,
      externalData: [
        { key: 'location', value: storage.external },
        { key: 'offset', value: String(storage.offset) },
        { key: 'length', value: String(raw.length) },
      ],
    },
    external: raw,
  };
}

export function int64Tensor(name: string, dims: number[], values: number[]): OnnxTensor {
  return { name, dims, dataType: OnnxDataType.INT64, int64Data: values };
}

export function node(opType: string, input: string[], output: string[], attribute: OnnxAttribute[] = []): OnnxNode {
  return { opType, input, output, name: `${opType}_${output[0]}`, attribute };
}

export const intAttr = (name: string, i: number): OnnxAttribute => ({ name, type: OnnxAttributeType.INT, i });
export const intsAttr = (name: string, ints: number[]): OnnxAttribute => ({ name, type: OnnxAttributeType.INTS, ints });

/** Encodes a one-graph model (IR 8, default-domain opset 13). */
export function buildModel(parts: {
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}): Uint8Array {
  return encodeOnnxModel({
    irVersion: 8,
    producerName: 'gla-models-test',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'tiny',
      node: parts.nodes,
      initializer: parts.initializers,
      input: parts.inputs,
      output: parts.outputs,
    },
  });
}
