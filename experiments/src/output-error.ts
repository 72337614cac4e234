import { UserError } from '@gla/core';

/**
 * The output location of a run cannot be written (a path under a regular file, a read-only or full disk); the
 * message is one line naming the path and the system's reason. Raised before the work starts where it can be.
 */
export class OutputError extends UserError {
  override name = 'OutputError';
}

/** Wraps a file-system error (`ENOTDIR`, `EROFS`, `ENOSPC`, ...) met while writing under `path`. */
export function outputError(path: string, error: unknown): OutputError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code ? `${code}: ${describe(code)}` : (error as Error).message.split('\n')[0];
  return new OutputError(`${path}: cannot write the output (${reason})`);
}

function describe(code: string): string {
  const known: Record<string, string> = {
    ENOTDIR: 'a parent of the path is a file, not a folder',
    EROFS: 'read-only file system',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EISDIR: 'the path is a folder',
    // mkdir -p reports a path component that is a regular file as EEXIST.
    EEXIST: 'a parent of the path is a file, not a folder',
  };
  return known[code] ?? 'file-system error';
}
