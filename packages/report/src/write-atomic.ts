import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { messages } from './messages.js';

/**
 * Writes `data` to `path` atomically: the parent directory is created if
 * needed, the bytes go to a hidden temporary file in the same directory
 * (`.<name>.<random>.tmp`), are flushed to disk, and the file is renamed
 * over `path`. Readers see the old file or the new one, never a partial
 * one; on failure the temporary file is removed. Strings are UTF-8.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Joins `dir` and `baseName + extension`, refusing base names that are
 * empty or contain path separators (so outputs stay inside `dir`).
 */
export function outputPath(dir: string, baseName: string, extension: string): string {
  if (baseName === '' || baseName === '.' || baseName === '..' || /[\\/]/.test(baseName)) {
    throw new Error(messages.badBaseName(baseName));
  }
  return join(dir, `${baseName}${extension}`);
}
