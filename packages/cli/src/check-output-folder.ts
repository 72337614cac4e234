import { join } from 'node:path';
import { CliError } from './cli-error.js';
import { checkOutputLocation } from './output-location.js';

/**
 * Refuses an output folder that can never be written, before any work: the path or one of its parents is a
 * regular file, or the nearest existing folder is read-only. Nothing is created.
 * @throws CliError `<dir>: cannot write (ENOTDIR: ...)` (or EROFS / EACCES), naming the folder.
 */
export function checkOutputFolder(dir: string): void {
  try {
    // A file inside the folder: its parents are the folder and the folder's parents.
    checkOutputLocation(join(dir, '.gla-output-check'));
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    throw new CliError(`${dir}: ${error.message.slice(error.message.indexOf(': ') + 2)}`);
  }
}
