import { readFile, stat } from 'node:fs/promises';
import { messages } from './messages.js';
import { ModelError } from './model-error.js';
import { decodeOnnxModel, int64ToNumber, type OnnxModel } from './onnx-model-proto.js';

/** An ONNX file's bytes and its decoded `ModelProto` (byte fields are views into `bytes`). */
export interface LoadedOnnxModel {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly model: OnnxModel;
}

/**
 * Decodes ONNX bytes, checking they look like a model (an IR version and a graph), since
 * protobuf decoding alone accepts many non-ONNX files.
 * @param path used in messages only.
 * @throws ModelError `NOT_ONNX` naming `path`.
 */
export function parseOnnxModel(bytes: Uint8Array, path: string): OnnxModel {
  let model: OnnxModel;
  try {
    model = decodeOnnxModel(bytes);
  } catch (error) {
    throw new ModelError(messages.notOnnx(path, (error as Error).message), 'NOT_ONNX', path);
  }
  if (int64ToNumber(model.irVersion) <= 0 || !model.graph) {
    throw new ModelError(messages.notOnnx(path, 'no ir_version or graph'), 'NOT_ONNX', path);
  }
  return model;
}

/**
 * Reads and decodes an `.onnx` file.
 * @throws ModelError `FILE_MISSING` or `NOT_ONNX` naming the file.
 */
export async function readOnnxModel(path: string): Promise<LoadedOnnxModel> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new ModelError(messages.fileMissing(path, 'ONNX model'), 'FILE_MISSING', path);
  const bytes = await readFile(path);
  return { path, bytes, model: parseOnnxModel(bytes, path) };
}
