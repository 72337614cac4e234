import { openAtomicFile, writeFileAtomic } from '@gla/core';
import { CliError } from './cli-error.js';
import { messages } from './messages.js';
import { assertFiniteResult } from './finite-output.js';

/**
 * Writes bytes or text atomically through core's one atomic writer (temporary file beside the target, flushed,
 * renamed over it), turning file-system errors into one-line messages naming the file.
 */
export async function writeFileAtomically(file: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeFileAtomic(file, data);
  } catch (error) {
    throw new CliError(messages.outputDir(file, (error as NodeJS.ErrnoException).code ?? (error as Error).message));
  }
}

/**
 * Writes `pieces` one after the other to `file` atomically (see {@link writeFileAtomically}) without holding them
 * all: for outputs larger than memory, made block by block. If making a piece throws (bad input found on the
 * way), the temporary file is removed, nothing is left at `file`, and the error goes on unchanged.
 */
export async function writeBlocksAtomically(file: string, pieces: Iterable<Uint8Array>): Promise<void> {
  const out = await fileStep(file, () => openAtomicFile(file));
  try {
    for (const piece of pieces) await fileStep(file, () => out.write(piece));
    await fileStep(file, () => out.commit());
  } catch (error) {
    await out.abort();
    throw error;
  }
}

/** A file-system step of a write, its failure turned into the one-line message naming the file. */
async function fileStep<T>(file: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw new CliError(messages.outputDir(file, (error as NodeJS.ErrnoException).code ?? (error as Error).message));
  }
}

/** Writes text atomically (see {@link writeFileAtomically}). */
export async function writeTextAtomic(file: string, text: string): Promise<void> {
  await writeFileAtomically(file, text);
}

/** Writes JSON (2-space indented, trailing newline) atomically; throws (a bug) on a non-finite number. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  assertFiniteResult(value, file); // JSON would write NaN and Infinity as null
  await writeTextAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}
