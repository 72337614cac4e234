import { join } from 'node:path';
import { messages } from './messages.js';

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
