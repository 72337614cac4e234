import { statSync } from 'node:fs';
import { basename } from 'node:path';
import {
  InputError,
  checkFinite,
  matrix,
  openNpyFileLogits,
  parseNpy,
  readInputFile,
  type Matrix,
  type NpyArray,
  type NpyFileLogits,
} from '@gla/core';
import { CliError } from './cli-error.js';
import { messages } from './messages.js';

/**
 * The whole file, or a one-line error naming it: not found, a folder, a FIFO with no writer (never a hang),
 * a socket or device, over the 2 GiB limit of whole-file reads.
 */
function readBytes(file: string, shared = false): Uint8Array {
  try {
    return readInputFile(file, { shared });
  } catch (error) {
    // A relative path that is not there: say where it was looked for (the bin keeps the user's folder).
    if ((error as Error).message === `${file}: file not found`) throw new CliError(messages.fileMissing(file));
    throw error;
  }
}

/**
 * One read into a SharedArrayBuffer, parsed in place: float32 logits and int32 labels are views of the bytes read
 * (no copy), and worker threads use them as they are (a pool copies arrays that are not shared).
 */
function readNpy(file: string, bytes?: Uint8Array): NpyArray {
  return parseNpy(bytes ?? readBytes(file, true), file);
}

/** Options of {@link readLogits}. */
export interface ReadLogitsOptions {
  /**
   * Check that every value is finite (default true). Commands whose core call checks the same matrix under the
   * same file name (evaluateRun, estimatePrior) pass false: one pass over the logits instead of two.
   */
  checkFinite?: boolean;
  /** The file's bytes when already read (whole, on a SharedArrayBuffer); default: read here. */
  bytes?: Uint8Array;
}

/**
 * Reads N x K float32/float64 logits from a `.npy` file, in place (float32 data is a view of the bytes read, on a
 * SharedArrayBuffer). float16 is widened to float32 (a new array).
 */
export function readLogits(file: string, options: ReadLogitsOptions = {}): Matrix {
  const array = readNpy(file, options.bytes);
  if (array.shape.length !== 2) throw new CliError(messages.notMatrix(file, array.shape));
  if (array.dtype !== '<f4' && array.dtype !== '<f8' && array.dtype !== '<f2')
    throw new CliError(messages.notFloat(file, array.dtype));
  if (array.shape[0] === 0 || array.shape[1] === 0) throw new CliError(messages.emptyArray(file));
  const logits = matrix(array.data as Float32Array, array.shape[0], array.shape[1]);
  if (options.checkFinite !== false) checkFinite(logits, file);
  return logits;
}

/**
 * The logits left in their `.npy` file, for commands whose kernels read them in row blocks where they are used
 * (never whole: memory stays near what one block per thread needs, and files past 2 GiB work): when `file` is a
 * regular file holding a non-empty N x K float32 or float64 array exactly as long as its header says. Otherwise
 * undefined, and the caller reads the file whole with {@link readLogits}, whose one-line errors name what is wrong
 * (a missing file, a FIFO, float16 values, a bad header or size), so those messages stay the same. The values are
 * not read or checked here.
 */
export function openLogitsFile(file: string): NpyFileLogits | undefined {
  try {
    // Anything but a regular file (a FIFO would block the open) is left to readLogits.
    if (!statSync(file).isFile()) return undefined;
    const logits = openNpyFileLogits(file, file);
    return logits.rows > 0 && logits.cols > 0 ? logits : undefined;
  } catch (error) {
    if (error instanceof InputError || (error as NodeJS.ErrnoException).code !== undefined) return undefined;
    throw error;
  }
}

/** Reads 1-D int32/int64 labels from a `.npy` file. */
export function readLabels(file: string): Int32Array {
  const array = readNpy(file);
  if (array.shape.length !== 1) throw new CliError(messages.notVector(file, array.shape));
  if (array.dtype !== '<i4' && array.dtype !== '<i8') throw new CliError(messages.notInteger(file, array.dtype));
  if (array.data instanceof BigInt64Array) throw new CliError(messages.labelsTooLarge(file));
  if (array.shape[0] === 0) throw new CliError(messages.emptyArray(file));
  return array.data as Int32Array;
}

/**
 * Reads a prior: JSON (a bare array, or an object with `prior` or `q`, as `gla estimate-prior` and the authors'
 * released q write) or a 1-D `.npy`. Values are returned as read; checking and renormalising is the caller's.
 */
export function readPrior(file: string): number[] {
  if (file.endsWith('.npy')) {
    const array = readNpy(file);
    if (array.shape.length !== 1 || array.data instanceof BigInt64Array) throw new CliError(messages.priorFormat(file));
    // A bool or integer array is not a prior (a bool one would read as all ones, i.e. uniform, silently).
    if (array.dtype !== '<f4' && array.dtype !== '<f8' && array.dtype !== '<f2')
      throw new CliError(messages.priorDtype(file, array.dtype));
    return Array.from(array.data as ArrayLike<number>);
  }
  const text = new TextDecoder().decode(readBytes(file));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliError(messages.priorJson(file, (error as Error).message));
  }
  const values = Array.isArray(parsed)
    ? parsed
    : parsed && typeof parsed === 'object'
      ? ((parsed as Record<string, unknown>).prior ?? (parsed as Record<string, unknown>).q)
      : undefined;
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'number' && v !== null))
    throw new CliError(messages.priorFormat(file));
  // The temperature a prior was estimated at (gla estimate-prior records it) carries its meaning: never 0 or < 0.
  const temperature = Array.isArray(parsed) ? undefined : (parsed as Record<string, unknown>).temperature;
  if (
    temperature !== undefined &&
    !(typeof temperature === 'number' && Number.isFinite(temperature) && temperature > 0)
  )
    throw new CliError(messages.priorTemperature(file, temperature));
  return values.map((v) => (v === null ? NaN : (v as number)));
}

/** A short display name for messages. */
export function displayName(file: string): string {
  return basename(file);
}
