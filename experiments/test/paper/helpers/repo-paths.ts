import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** The project's shared data folder: `$GLA_SHARED`, else `<repo root>/../shared`. */
export const sharedDir = process.env.GLA_SHARED ?? resolve(repoRoot, '../shared');

/** Absolute path of `relative` in the shared folder, or undefined when absent (tests skip then). */
export function sharedFile(relative: string): string | undefined {
  const path = join(sharedDir, relative);
  return existsSync(path) ? path : undefined;
}
