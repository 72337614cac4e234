import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliError } from './cli-error.js';
import { messages } from './messages.js';

/**
 * Refuses an output path that can never be written, before any work is done (a long solver run must not end in
 * "cannot write"): an existing folder at the path, a parent that is a regular file, or a nearest existing parent
 * folder that is not writable (read-only file system, permissions). Nothing is created. A full disk can only be
 * seen when writing; the atomic writer reports it then and leaves no partial file.
 */
export function checkOutputLocation(file: string): void {
  const target = resolve(file);
  const existing = statOrUndefined(target);
  if (existing?.isDirectory()) throw new CliError(messages.outputDir(file, 'EISDIR: the path is a folder'));
  let dir = dirname(target);
  for (;;) {
    const info = statOrUndefined(dir);
    if (info === undefined) {
      const parent = dirname(dir);
      if (parent === dir) return;
      dir = parent;
      continue;
    }
    if (!info.isDirectory()) throw new CliError(messages.outputDir(file, `ENOTDIR: ${dir} is a file, not a folder`));
    try {
      accessSync(dir, constants.W_OK);
    } catch (error) {
      throw new CliError(
        messages.outputDir(file, `${(error as NodeJS.ErrnoException).code ?? 'EACCES'}: ${dir} is not writable`),
      );
    }
    return;
  }
}

/** stat, or undefined when the path does not exist or cannot exist (a parent is a file). */
function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
