import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { messages } from './messages.js';
import { ModelError } from './model-error.js';

/** The CUDA execution provider's library, per platform (onnxruntime-node ships it only by a download). */
const CUDA_LIBRARY: Record<string, string> = {
  linux: 'libonnxruntime_providers_cuda.so',
  win32: 'onnxruntime_providers_cuda.dll',
};

/** Where onnxruntime-node keeps its native binaries for this platform. */
export function onnxRuntimeBinaryDir(): string {
  const root = dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json'));
  return join(root, 'bin', 'napi-v6', platform(), arch());
}

/**
 * Checks, before a session is created, that an execution provider can run here: 'cpu' always; 'cuda' needs
 * onnxruntime-node's CUDA binaries, which its install script downloads only when asked (and which this
 * workspace does not let it fetch at install time). Other providers are left to ONNX Runtime.
 * @throws ModelError `DEVICE` with one line naming the missing library and how to install it
 */
export function checkExecutionProvider(provider: string): void {
  if (provider !== 'cuda') return;
  const library = CUDA_LIBRARY[platform()];
  if (!library || arch() !== 'x64') throw new ModelError(messages.cudaUnsupported(`${platform()}/${arch()}`), 'DEVICE');
  const dir = onnxRuntimeBinaryDir();
  if (!existsSync(join(dir, library))) throw new ModelError(messages.cudaMissing(join(dir, library)), 'DEVICE');
}
