import protobuf from 'protobufjs';

/**
 * A hand-written subset of ONNX's `onnx.proto` (field numbers from the ONNX IR specification),
 * as a protobufjs JSON descriptor: enough to read and write models with their graph, nodes,
 * attributes, initializers (raw, typed and external data) and value infos. Fields not listed
 * here are kept as unknown fields by {@link decodeOnnxModel} and written back by
 * {@link encodeOnnxModel}.
 */
const packed = { packed: true };
const unpacked = { packed: false };

const descriptor = {
  nested: {
    onnx: {
      nested: {
        StringStringEntryProto: { fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        OperatorSetIdProto: { fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } } },
        TensorShapeProto: {
          fields: { dim: { rule: 'repeated', type: 'Dimension', id: 1 } },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ['dimValue', 'dimParam'] } },
              fields: {
                dimValue: { type: 'int64', id: 1 },
                dimParam: { type: 'string', id: 2 },
                denotation: { type: 'string', id: 3 },
              },
            },
          },
        },
        TypeProto: {
          fields: { tensorType: { type: 'Tensor', id: 1 }, denotation: { type: 'string', id: 6 } },
          nested: {
            Tensor: { fields: { elemType: { type: 'int32', id: 1 }, shape: { type: 'TensorShapeProto', id: 2 } } },
          },
        },
        ValueInfoProto: {
          fields: {
            name: { type: 'string', id: 1 },
            type: { type: 'TypeProto', id: 2 },
            docString: { type: 'string', id: 3 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: 'repeated', type: 'int64', id: 1, options: unpacked },
            dataType: { type: 'int32', id: 2 },
            floatData: { rule: 'repeated', type: 'float', id: 4, options: packed },
            int32Data: { rule: 'repeated', type: 'int32', id: 5, options: packed },
            stringData: { rule: 'repeated', type: 'bytes', id: 6 },
            int64Data: { rule: 'repeated', type: 'int64', id: 7, options: packed },
            name: { type: 'string', id: 8 },
            rawData: { type: 'bytes', id: 9 },
            doubleData: { rule: 'repeated', type: 'double', id: 10, options: packed },
            uint64Data: { rule: 'repeated', type: 'uint64', id: 11, options: packed },
            docString: { type: 'string', id: 12 },
            externalData: { rule: 'repeated', type: 'StringStringEntryProto', id: 13 },
            dataLocation: { type: 'int32', id: 14 },
          },
        },
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 },
            f: { type: 'float', id: 2 },
            i: { type: 'int64', id: 3 },
            s: { type: 'bytes', id: 4 },
            t: { type: 'TensorProto', id: 5 },
            g: { type: 'GraphProto', id: 6 },
            floats: { rule: 'repeated', type: 'float', id: 7, options: unpacked },
            ints: { rule: 'repeated', type: 'int64', id: 8, options: unpacked },
            strings: { rule: 'repeated', type: 'bytes', id: 9 },
            tensors: { rule: 'repeated', type: 'TensorProto', id: 10 },
            graphs: { rule: 'repeated', type: 'GraphProto', id: 11 },
            docString: { type: 'string', id: 13 },
            type: { type: 'int32', id: 20 },
            refAttrName: { type: 'string', id: 21 },
          },
        },
        NodeProto: {
          fields: {
            input: { rule: 'repeated', type: 'string', id: 1 },
            output: { rule: 'repeated', type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            opType: { type: 'string', id: 4 },
            attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
            docString: { type: 'string', id: 6 },
            domain: { type: 'string', id: 7 },
          },
        },
        GraphProto: {
          fields: {
            node: { rule: 'repeated', type: 'NodeProto', id: 1 },
            name: { type: 'string', id: 2 },
            initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
            docString: { type: 'string', id: 10 },
            input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
            output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
            valueInfo: { rule: 'repeated', type: 'ValueInfoProto', id: 13 },
          },
        },
        ModelProto: {
          fields: {
            irVersion: { type: 'int64', id: 1 },
            producerName: { type: 'string', id: 2 },
            producerVersion: { type: 'string', id: 3 },
            domain: { type: 'string', id: 4 },
            modelVersion: { type: 'int64', id: 5 },
            docString: { type: 'string', id: 6 },
            graph: { type: 'GraphProto', id: 7 },
            opsetImport: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
            metadataProps: { rule: 'repeated', type: 'StringStringEntryProto', id: 14 },
          },
        },
      },
    },
  },
};

const root = protobuf.Root.fromJSON(descriptor);
const ModelProto = root.lookupType('onnx.ModelProto');
const TensorProtoType = root.lookupType('onnx.TensorProto');

/** int64 fields decode as `Long` objects (protobufjs ships `long`); plain numbers when encoding. */
export type Int64 = number | { toNumber(): number };

/** ONNX `TensorProto.DataType` values used by this package. */
export const OnnxDataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  BFLOAT16: 16,
} as const;

/** Lower-case name of an ONNX data type ('float32', 'int64', ...), or `type <n>` when unknown. */
export function onnxDataTypeName(dataType: number): string {
  const entry = Object.entries(OnnxDataType).find(([, value]) => value === dataType);
  if (!entry) return `type ${dataType}`;
  const names: Record<string, string> = { FLOAT: 'float32', DOUBLE: 'float64' };
  return names[entry[0]] ?? entry[0].toLowerCase();
}

/** `TensorProto.DataLocation.EXTERNAL`: the values live in another file. */
export const EXTERNAL_DATA_LOCATION = 1;

/** ONNX `AttributeProto.AttributeType` values used by the test-model builder. */
export const OnnxAttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, FLOATS: 6, INTS: 7 } as const;

/** `StringStringEntryProto` (external-data entries, metadata). */
export interface OnnxKeyValue {
  key: string;
  value: string;
}
/** `TensorProto`: an initializer or constant; values in `rawData`, a typed field, or an external file. */
export interface OnnxTensor {
  name?: string;
  dims?: Int64[];
  dataType?: number;
  rawData?: Uint8Array;
  floatData?: number[];
  int32Data?: number[];
  int64Data?: Int64[];
  doubleData?: number[];
  externalData?: OnnxKeyValue[];
  dataLocation?: number;
}
/** One dimension of a declared shape: a size or a symbolic name. */
export interface OnnxDimension {
  dimValue?: Int64;
  dimParam?: string;
}
/** `ValueInfoProto`: a graph input, output or intermediate with its tensor type. */
export interface OnnxValueInfo {
  name?: string;
  type?: { tensorType?: { elemType?: number; shape?: { dim?: OnnxDimension[] } } };
}
/** `AttributeProto` (the fields the test-model builder and graph comparison use). */
export interface OnnxAttribute {
  name?: string;
  type?: number;
  f?: number;
  i?: Int64;
  s?: Uint8Array;
  t?: OnnxTensor;
  floats?: number[];
  ints?: Int64[];
}
/** `NodeProto`: one operator application. */
export interface OnnxNode {
  name?: string;
  opType?: string;
  domain?: string;
  input?: string[];
  output?: string[];
  attribute?: OnnxAttribute[];
}
/** `GraphProto`: nodes, initializers and the graph's inputs and outputs. */
export interface OnnxGraph {
  name?: string;
  node?: OnnxNode[];
  initializer?: OnnxTensor[];
  input?: OnnxValueInfo[];
  output?: OnnxValueInfo[];
  valueInfo?: OnnxValueInfo[];
}
/** `ModelProto`: the top-level message of an `.onnx` file. */
export interface OnnxModel {
  irVersion?: Int64;
  producerName?: string;
  producerVersion?: string;
  graph?: OnnxGraph;
  opsetImport?: { domain?: string; version?: Int64 }[];
  metadataProps?: OnnxKeyValue[];
}

/** Converts a decoded int64 (number or `Long`) to a JavaScript number. */
export function int64ToNumber(value: Int64 | undefined): number {
  if (value === undefined || value === null) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

function reader(bytes: Uint8Array): protobuf.Reader {
  const r = protobuf.Reader.create(bytes);
  // Keep fields this schema does not know so that re-encoding loses nothing.
  r.discardUnknown = false;
  return r;
}

/**
 * Decodes an ONNX `ModelProto`. Byte fields are views into `bytes` (no copy).
 * @throws the protobufjs error when the bytes are not a valid message.
 */
export function decodeOnnxModel(bytes: Uint8Array): OnnxModel {
  return ModelProto.decode(reader(bytes)) as unknown as OnnxModel;
}

/** Decodes one `TensorProto` (unknown fields kept). */
export function decodeOnnxTensor(bytes: Uint8Array): OnnxTensor {
  return TensorProtoType.decode(reader(bytes)) as unknown as OnnxTensor;
}

/** Encodes an ONNX `ModelProto` from a plain object or a decoded model (unknown fields included). */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  return ModelProto.encode(model as unknown as protobuf.Message).finish();
}
