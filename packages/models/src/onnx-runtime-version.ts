import * as ort from 'onnxruntime-node';

/** The onnxruntime-node version in use (e.g. '1.30.0'), for benchmark and run records. */
export function onnxRuntimeVersion(): string {
  const versions = ort.env.versions as { node?: string; common?: string };
  return versions.node ?? versions.common ?? 'unknown';
}
