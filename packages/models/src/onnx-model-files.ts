import { dirname } from 'node:path';
import { readOnnxModel } from './read-onnx-model.js';
import { externalLocation, isExternal } from './tensor-data.js';

/**
 * The files that make up an ONNX model: the `.onnx` file followed by every external data file
 * its initializers reference (each once, in first-use order). Feature caches hash these, so a
 * changed weight file invalidates the cache even when the graph file is unchanged.
 * @throws ModelError `FILE_MISSING` or `NOT_ONNX` naming the model.
 */
export async function onnxModelFiles(path: string): Promise<string[]> {
  const { model } = await readOnnxModel(path);
  const files = [path];
  for (const tensor of model.graph?.initializer ?? []) {
    if (!isExternal(tensor)) continue;
    const { file } = externalLocation(tensor, dirname(path), path);
    if (!files.includes(file)) files.push(file);
  }
  return files;
}
