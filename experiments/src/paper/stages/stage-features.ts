import { type FeatureRows, type Matrix, matrixFeatureRows, NpyFeatureRows } from '@gla/core';

/**
 * Image features as a stage value: in memory, or (past the streaming threshold, see `featureStreamThreshold`) a
 * `.npy` file that consumers read block by block through core's {@link FeatureRows}, never whole. Consumers
 * compute the same numbers from either form.
 */
export type StageFeatures = Matrix | FeatureFile;

/** A feature set left on disk: its file and shape, opened by whoever reads it. */
export interface FeatureFile {
  readonly kind: 'feature-file';
  /** Absolute path of the 2-D float `.npy`. */
  readonly file: string;
  readonly rows: number;
  readonly cols: number;
  readonly dtype: FeatureRows['dtype'];
}

/** Whether a feature set is left on disk. */
export function isFeatureFile(set: StageFeatures): set is FeatureFile {
  return (set as FeatureFile).kind === 'feature-file';
}

/** Describes a `.npy` feature file (reads its header only). @throws InputError naming the file when malformed */
export function featureFile(file: string): FeatureFile {
  const rows = NpyFeatureRows.open(file);
  try {
    return { kind: 'feature-file', file, rows: rows.rows, cols: rows.cols, dtype: rows.dtype };
  } finally {
    rows.close();
  }
}

/** A feature set's rows: views of the matrix, or the file opened (close it when done). */
export function openFeatureRows(set: StageFeatures): FeatureRows {
  if (isFeatureFile(set)) return NpyFeatureRows.open(set.file);
  return matrixFeatureRows(set);
}
