import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { type NpyArray, parseNpy } from './npy.js';
import { InputError } from './validate.js';

/** Largest single read: Node refuses reads of 2 GiB or more in one call. */
const READ_PIECE = 1 << 30;

/**
 * Reads a whole `.npy` file into one buffer and parses it in place (`parseNpy`): one read, no copy of the data.
 * With `shared` (default true) the buffer is a SharedArrayBuffer, so worker threads (`ParallelPool`) use the
 * data without copying it. Works past 2 GiB (read in 1 GiB pieces), up to the memory available; for files
 * larger than memory, read rows in chunks with `NpyRowReader`.
 * @param what name used in error messages; default the path
 * @throws InputError (one line naming `what`) on an unreadable file or a malformed `.npy`
 */
export function readNpyFile(path: string, what = path, options: { shared?: boolean } = {}): NpyArray {
  const { shared = true } = options;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new InputError(`${what}: cannot open (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    const size = fstatSync(fd).size;
    const bytes = new Uint8Array(shared ? new SharedArrayBuffer(size) : new ArrayBuffer(size));
    let done = 0;
    while (done < size) {
      const n = readSync(fd, bytes, done, Math.min(READ_PIECE, size - done), done);
      if (n === 0) throw new InputError(`${what}: file shrank while being read (${done} of ${size} bytes)`);
      done += n;
    }
    return parseNpy(bytes, what);
  } finally {
    closeSync(fd);
  }
}
