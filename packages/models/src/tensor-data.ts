import { open } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';
import { messages } from './messages.js';
import { ModelError } from './model-error.js';
import {
  EXTERNAL_DATA_LOCATION,
  OnnxDataType,
  int64ToNumber,
  onnxDataTypeName,
  type OnnxTensor,
} from './onnx-model-proto.js';

/**
 * Reading ONNX initializer values as little-endian bytes (the `raw_data` layout) wherever they
 * are stored: `raw_data`, the typed repeated fields, or an external data file.
 */

const ELEMENT_BYTES: Record<number, number> = {
  [OnnxDataType.FLOAT]: 4,
  [OnnxDataType.UINT8]: 1,
  [OnnxDataType.INT8]: 1,
  [OnnxDataType.UINT16]: 2,
  [OnnxDataType.INT16]: 2,
  [OnnxDataType.INT32]: 4,
  [OnnxDataType.INT64]: 8,
  [OnnxDataType.BOOL]: 1,
  [OnnxDataType.FLOAT16]: 2,
  [OnnxDataType.DOUBLE]: 8,
  [OnnxDataType.UINT32]: 4,
  [OnnxDataType.UINT64]: 8,
  [OnnxDataType.BFLOAT16]: 2,
};

/** Bytes per element of an ONNX data type, or undefined for strings and unsupported types. */
export function elementBytes(dataType: number): number | undefined {
  return ELEMENT_BYTES[dataType];
}

/** Number of elements of a tensor (product of its dims; 1 for a scalar). */
export function elementCount(tensor: OnnxTensor): number {
  return (tensor.dims ?? []).reduce<number>((n, d) => n * int64ToNumber(d), 1);
}

/** Where an external tensor's bytes live, resolved against the model's folder. */
export interface ExternalLocation {
  readonly file: string;
  readonly location: string;
  readonly offset: number;
  readonly length: number | undefined;
}

/** True when the tensor's values are in an external file. */
export function isExternal(tensor: OnnxTensor): boolean {
  return tensor.dataLocation === EXTERNAL_DATA_LOCATION;
}

/**
 * The external file, offset and length of a tensor with `data_location = EXTERNAL`.
 * @throws ModelError when `location` is missing or escapes the model folder.
 */
export function externalLocation(tensor: OnnxTensor, modelDir: string, modelPath: string): ExternalLocation {
  const entries = new Map((tensor.externalData ?? []).map((e) => [e.key, e.value]));
  const location = entries.get('location');
  if (!location)
    throw new ModelError(messages.externalNoLocation(modelPath, tensor.name ?? ''), 'MERGE_UNSUPPORTED', modelPath);
  // ONNX requires a relative path inside the model's folder; refuse anything else.
  const cleaned = normalize(location);
  if (isAbsolute(cleaned) || cleaned.startsWith('..')) {
    throw new ModelError(
      messages.externalOutside(modelPath, tensor.name ?? '', location),
      'MERGE_UNSUPPORTED',
      modelPath,
    );
  }
  const offset = Number(entries.get('offset') ?? 0);
  const lengthText = entries.get('length');
  return {
    file: join(modelDir, cleaned),
    location,
    offset,
    length: lengthText === undefined ? undefined : Number(lengthText),
  };
}

/** Copies typed repeated-field values into little-endian bytes. */
function typedFieldBytes(tensor: OnnxTensor, count: number, size: number): Uint8Array | undefined {
  const out = new Uint8Array(count * size);
  const view = new DataView(out.buffer);
  if (tensor.floatData?.length) tensor.floatData.forEach((v, i) => view.setFloat32(i * 4, v, true));
  else if (tensor.doubleData?.length) tensor.doubleData.forEach((v, i) => view.setFloat64(i * 8, v, true));
  else if (tensor.int64Data?.length)
    tensor.int64Data.forEach((v, i) => view.setBigInt64(i * 8, BigInt(String(v)), true));
  else if (tensor.int32Data?.length) {
    // int32_data also carries the narrow types (float16/bfloat16 bits, int8, bool, ...).
    tensor.int32Data.forEach((v, i) => {
      if (size === 1) view.setUint8(i, v & 0xff);
      else if (size === 2) view.setUint16(i * 2, v & 0xffff, true);
      else view.setInt32(i * 4, v, true);
    });
  } else if (count === 0) return out;
  else return undefined;
  return out;
}

/**
 * The tensor's values as little-endian bytes (`count * elementBytes` long).
 * @param modelPath the `.onnx` file, for resolving external data and for messages.
 * @throws ModelError when the data is missing, truncated or of an unsupported type.
 */
export async function tensorBytes(tensor: OnnxTensor, modelDir: string, modelPath: string): Promise<Uint8Array> {
  const name = tensor.name ?? '';
  const size = elementBytes(tensor.dataType ?? 0);
  if (size === undefined)
    throw new ModelError(
      messages.tensorTypeUnsupported(modelPath, name, onnxDataTypeName(tensor.dataType ?? 0)),
      'MERGE_UNSUPPORTED',
      modelPath,
    );
  const expected = elementCount(tensor) * size;
  if (isExternal(tensor)) {
    const where = externalLocation(tensor, modelDir, modelPath);
    if (where.length !== undefined && where.length !== expected) {
      throw new ModelError(
        messages.externalLength(modelPath, name, where.length, expected),
        'MERGE_UNSUPPORTED',
        modelPath,
      );
    }
    return readRange(where.file, where.offset, expected, modelPath, name);
  }
  if (tensor.rawData && tensor.rawData.length > 0) {
    if (tensor.rawData.length !== expected) {
      throw new ModelError(
        messages.tensorLength(modelPath, name, tensor.rawData.length, expected),
        'MERGE_UNSUPPORTED',
        modelPath,
      );
    }
    return tensor.rawData;
  }
  const typed = typedFieldBytes(tensor, elementCount(tensor), size);
  if (!typed) throw new ModelError(messages.tensorNoData(modelPath, name), 'MERGE_UNSUPPORTED', modelPath);
  if (typed.length !== expected)
    throw new ModelError(
      messages.tensorLength(modelPath, name, typed.length, expected),
      'MERGE_UNSUPPORTED',
      modelPath,
    );
  return typed;
}

async function readRange(
  file: string,
  offset: number,
  length: number,
  modelPath: string,
  name: string,
): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    throw new ModelError(messages.fileMissing(file, `external data of ${modelPath}`), 'FILE_MISSING', file);
  }
  try {
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await handle.read(out, done, length - done, offset + done);
      if (bytesRead === 0)
        throw new ModelError(messages.externalTruncated(file, name, offset, length), 'MERGE_UNSUPPORTED', file);
      done += bytesRead;
    }
    return out;
  } finally {
    await handle.close();
  }
}
