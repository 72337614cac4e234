import { UserError } from '@gla/core';

/** Machine-readable reason of a {@link ModelError}; tests and the CLI branch on it. */
export type ModelErrorCode =
  | 'FILE_MISSING'
  | 'MANIFEST_INVALID'
  | 'PRESET_UNKNOWN'
  | 'VOCAB_INVALID'
  | 'TEXT_TOO_LONG'
  | 'NOT_ONNX'
  | 'IO_NAMES'
  | 'SHAPE'
  | 'INFERENCE'
  | 'NPY_INVALID'
  | 'CACHE_CORRUPT'
  | 'CACHE_STALE'
  | 'CACHE_LOCKED'
  | 'CACHE_UNWRITABLE'
  | 'MERGE_MISMATCH'
  | 'MERGE_UNSUPPORTED'
  | 'ABORTED'
  | 'ARGUMENT'
  | 'DEVICE';

/**
 * Error thrown by `@gla/models`. The message is one line naming the file and the problem;
 * `path` repeats the file (when there is one) for programs.
 */
export class ModelError extends UserError {
  constructor(
    message: string,
    readonly code: ModelErrorCode,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}
