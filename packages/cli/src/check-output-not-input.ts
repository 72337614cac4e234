import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from './cli-error.js';

/**
 * Refuses an output path that is one of the command's inputs (the same path, or the same file through a link),
 * before any work: the atomic write would replace the input with the result.
 * @param inputs flag name -> path, e.g. `{ '--logits': 'z.npy' }`; undefined paths (optional flags) are skipped.
 */
export function checkOutputNotInput(out: string, inputs: Record<string, string | undefined>): void {
  const target = resolve(out);
  const outInfo = statOrUndefined(target);
  for (const [flag, input] of Object.entries(inputs)) {
    if (input === undefined) continue;
    const info = outInfo ? statOrUndefined(input) : undefined;
    const same =
      resolve(input) === target ||
      (info !== undefined && outInfo !== undefined && info.ino === outInfo.ino && info.dev === outInfo.dev);
    if (same) throw new CliError(`${out}: --out is the ${flag} input; it would be overwritten (choose another --out)`);
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
