import { writeFileAtomic } from '@gla/report';
import { CliError } from './cli-error.js';
import { messages } from './messages.js';
import { assertFiniteResult } from './finite-output.js';

/** Writes text atomically (temp file + rename), turning file-system errors into one-line messages. */
export async function writeTextAtomic(file: string, text: string): Promise<void> {
  try {
    await writeFileAtomic(file, text);
  } catch (error) {
    throw new CliError(messages.outputDir(file, (error as NodeJS.ErrnoException).code ?? (error as Error).message));
  }
}

/** Writes JSON (2-space indented, trailing newline) atomically; throws (a bug) on a non-finite number. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  assertFiniteResult(value, file); // JSON would write NaN and Infinity as null
  await writeTextAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}
