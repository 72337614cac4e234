import { writeFileAtomic } from '@gla/core';
import { CliError } from './cli-error.js';
import { messages } from './messages.js';

/** Writes text atomically (temp file + rename), turning file-system errors into one-line messages. */
export async function writeTextAtomic(file: string, text: string): Promise<void> {
  try {
    await writeFileAtomic(file, text);
  } catch (error) {
    throw new CliError(messages.outputDir(file, (error as NodeJS.ErrnoException).code ?? (error as Error).message));
  }
}

/** Writes JSON (2-space indented, trailing newline) atomically. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeTextAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}
