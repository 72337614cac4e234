import { statSync } from 'node:fs';
import { NpyRowReader, type Matrix, type RowSource } from '@gla/core';
import { CliError } from './cli-error.js';
import { messages } from './messages.js';
import { readLogits } from './read-array-files.js';

/** Logits read whole, or a file read row chunk by row chunk; `close` frees the reader (a no-op for a matrix). */
export interface OpenedLogits {
  logits: Matrix | RowSource;
  /** Whether the file is read in chunks (it is over the whole-read limit). */
  streamed: boolean;
  close(): void;
}

/** Logits files larger than this are read in row chunks by default: 64 MiB (16 million float32 logits). */
const STREAM_ABOVE_BYTES = 2 ** 26;

/**
 * The size above which `gla evaluate` reads a logits file in row chunks instead of whole: 64 MiB, or the
 * environment variable GLA_STREAM_ABOVE_BYTES (bytes; for tests). Chunks are as fast as a whole read (a fresh
 * file-sized buffer costs its page faults; a chunk is reused) and hold memory to a few chunks, so every
 * ImageNet-sized file takes this path; smaller ones are read whole, ahead, while the workers start.
 */
export function streamAboveBytes(): number {
  const fromEnv = Number(process.env.GLA_STREAM_ABOVE_BYTES);
  return process.env.GLA_STREAM_ABOVE_BYTES !== undefined && Number.isFinite(fromEnv) && fromEnv >= 0
    ? fromEnv
    : STREAM_ABOVE_BYTES;
}

/**
 * Opens N x K logits for a command that can score them in chunks: a regular file larger than
 * {@link streamAboveBytes} as an `NpyRowReader` (checked as its chunks are read), anything else read whole,
 * in place, with its finiteness left to the core call that checks it (readLogits, checkFinite: false).
 * @param bytes the file's bytes when already read whole (see `PrefetchedFiles`); default: read here
 * @throws CliError / InputError (one line naming the file) on a bad or empty array
 */
export function openLogits(file: string, bytes?: Uint8Array): OpenedLogits {
  let size: number | undefined;
  try {
    const info = statSync(file);
    if (info.isFile()) size = info.size;
  } catch {
    // Left to the whole-file reader, whose messages say what is wrong with the path.
  }
  if (size === undefined || size <= streamAboveBytes())
    return { logits: readLogits(file, { checkFinite: false, bytes }), streamed: false, close: () => {} };
  const reader = NpyRowReader.open(file);
  if (reader.rows === 0 || reader.cols === 0) {
    reader.close();
    throw new CliError(messages.emptyArray(file));
  }
  return { logits: reader, streamed: true, close: () => reader.close() };
}
