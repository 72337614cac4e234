import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (packages/datasets/test -> three levels up). */
const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');

/** The shared data folder: $GLA_SHARED, else `<repo root>/../shared`. */
export const sharedRoot = process.env.GLA_SHARED ?? resolve(repoRoot, '..', 'shared');

/**
 * The absolute path of `parts` under the shared folder when it exists, else undefined after a console note,
 * so suites that need it can `describe.skipIf(!path)` and still pass on a fresh machine.
 */
export function sharedPath(...parts: string[]): string | undefined {
  const path = join(sharedRoot, ...parts);
  if (existsSync(path)) return path;
  console.warn(`skipping tests that need ${path}: not found (set GLA_SHARED to the shared data folder)`);
  return undefined;
}

/** A fresh temporary folder and a function that removes it. */
export function tempDir(prefix = 'gla-datasets-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
