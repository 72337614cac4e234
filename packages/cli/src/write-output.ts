import { writeFileAtomic } from '@gla/core';
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

/** Writes text atomically (see {@link writeFileAtomically}). */
export async function writeTextAtomic(file: string, text: string): Promise<void> {
  await writeFileAtomically(file, text);
}

/** Writes JSON (2-space indented, trailing newline) atomically; throws (a bug) on a non-finite number. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  assertFiniteResult(value, file); // JSON would write NaN and Infinity as null
  await writeTextAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}
