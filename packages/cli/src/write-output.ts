import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CliError } from './cli-error.js';
import { messages } from './messages.js';

/**
 * Writes bytes or text atomically: a hidden temporary file beside the target (`.<name>.<random>.tmp`), flushed,
 * then renamed over it; on failure the temporary file is removed. Written here rather than imported from
 * `@gla/report` because that package loads vega on import (about 0.5 s), which `estimate-prior` must not pay.
 * File-system errors become one-line messages naming the file.
 */
export async function writeFileAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(file);
  const temp = join(dir, `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new CliError(messages.outputDir(file, (error as NodeJS.ErrnoException).code ?? (error as Error).message));
  }
}

/** Writes text atomically (see {@link writeFileAtomically}). */
export async function writeTextAtomic(file: string, text: string): Promise<void> {
  await writeFileAtomically(file, text);
}

/** Writes JSON (2-space indented, trailing newline) atomically. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeTextAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}
