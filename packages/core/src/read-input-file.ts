import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { InputError } from './validate.js';

/**
 * The most bytes a whole-file read takes: Node's own limit for one read (2 GiB - 1). Larger inputs need a
 * streaming reader; until a command has one it refuses them with this limit named.
 */
export const MAX_WHOLE_FILE_BYTES = 2 ** 31 - 1;

/** Options of {@link readInputFile}. */
export interface ReadInputOptions {
  /** How messages name the file; default the path. */
  name?: string;
  /**
   * How long a FIFO (named pipe) may have no writer, in milliseconds, before the read gives up; default the
   * environment variable GLA_READ_TIMEOUT_MS, else 5000. A pipe with no writer would otherwise block forever.
   */
  idleTimeoutMs?: number;
  /**
   * Read into a SharedArrayBuffer (default false), so worker threads (core's `ParallelPool`) use the bytes, and
   * arrays parsed from them in place (`parseNpy`), without another copy.
   */
  shared?: boolean;
}

/**
 * Reads a whole input file (logits, labels, a prior, a config) with one-line errors naming it:
 * `file not found`, `is a folder, not a file`, `symbolic link loop`, `cannot read (EACCES ...)`,
 * `not a regular file (socket|character device|block device)`, and `over the 2 GiB limit` for files larger than
 * {@link MAX_WHOLE_FILE_BYTES}. A FIFO is read without blocking, waiting up to `idleTimeoutMs` for data: a pipe
 * with a writer (`<(cat z.npy)`) works, one with no writer is refused instead of hanging.
 * @throws InputError (core's, one line) for every problem above.
 */
export function readInputFile(file: string, options: ReadInputOptions = {}): Uint8Array {
  const shared = options.shared ?? false;
  const name = options.name ?? file;
  let info: Stats;
  try {
    info = statSync(file);
  } catch (error) {
    throw new InputError(`${name}: ${statProblem(error as NodeJS.ErrnoException)}`);
  }
  if (info.isDirectory()) throw new InputError(`${name}: is a folder, not a file`);
  if (info.isFIFO()) return readFifo(file, name, idleTimeout(options), shared);
  if (!info.isFile()) throw new InputError(`${name}: not a regular file (${fileKind(info)})`);
  if (info.size > MAX_WHOLE_FILE_BYTES) throw new InputError(overLimit(name, info.size));
  try {
    return readRegularFile(file, name, shared);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const e = error as NodeJS.ErrnoException;
    throw new InputError(`${name}: cannot read (${e.code ?? e.message})`);
  }
}

/**
 * One read straight into a buffer of the file's size: no second copy (readFileSync's Buffer copied into a
 * Uint8Array held the file twice at the peak). The size is taken again from the open descriptor, so a file
 * replaced between stat and open is still read whole or refused.
 */
function readRegularFile(file: string, name: string, shared: boolean): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > MAX_WHOLE_FILE_BYTES) throw new InputError(overLimit(name, size));
    const bytes = new Uint8Array(shared ? new SharedArrayBuffer(size) : new ArrayBuffer(size));
    let done = 0;
    while (done < size) {
      const n = readSync(fd, bytes, done, size - done, done);
      if (n === 0) throw new InputError(`${name}: file shrank while being read (${done} of ${size} bytes)`);
      done += n;
    }
    return bytes;
  } finally {
    closeSync(fd);
  }
}

function statProblem(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'file not found';
    case 'ELOOP':
      return 'cannot read (ELOOP: symbolic link loop)';
    case 'ENOTDIR':
      return 'file not found (ENOTDIR: a parent is a file, not a folder)';
    case 'ENAMETOOLONG':
      return 'cannot read (ENAMETOOLONG: path too long)';
    default:
      return `cannot read (${error.code ?? error.message})`;
  }
}

function fileKind(info: Stats): string {
  if (info.isSocket()) return 'socket';
  if (info.isCharacterDevice()) return 'character device';
  if (info.isBlockDevice()) return 'block device';
  return 'unknown kind';
}

function overLimit(name: string, size: number): string {
  return `${name}: ${(size / 2 ** 30).toFixed(2)} GiB, over the 2 GiB limit of whole-file reads (${MAX_WHOLE_FILE_BYTES} bytes); split the file (e.g. by rows)`;
}

function idleTimeout(options: ReadInputOptions): number {
  if (options.idleTimeoutMs !== undefined) return options.idleTimeoutMs;
  const fromEnv = Number(process.env.GLA_READ_TIMEOUT_MS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 5000;
}

/** Sleeps this thread (the reads here are synchronous; a command waits for its input anyway). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Reads a FIFO to its end without ever blocking in the kernel: opened non-blocking, so the open returns at once
 * with no writer. EOF before the first byte means no writer (yet): retried every 10 ms for `idleMs`, then
 * refused. EAGAIN means a writer is connected but has not written: waited for as long as it stays connected
 * (a slow producer such as `<(python make_logits.py)` is fine; it can be interrupted like any read).
 */
function readFifo(file: string, name: string, idleMs: number, shared: boolean): Uint8Array {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new InputError(`${name}: cannot read (${(error as NodeJS.ErrnoException).code})`);
  }
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    const started = Date.now();
    let chunk = Buffer.allocUnsafe(1 << 16);
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') throw new InputError(`${name}: cannot read (${code})`);
        sleep(10); // a writer is connected: wait for its data
        continue;
      }
      if (n > 0) {
        chunks.push(chunk.subarray(0, n));
        chunk = Buffer.allocUnsafe(1 << 16);
        total += n;
        if (total > MAX_WHOLE_FILE_BYTES) throw new InputError(overLimit(name, total));
        continue;
      }
      if (total > 0) break; // the writer closed the pipe: end of data
      if (Date.now() - started > idleMs)
        throw new InputError(`${name}: a FIFO with no writer (nothing to read after ${idleMs / 1000} s)`);
      sleep(10);
    }
    const out = new Uint8Array(shared ? new SharedArrayBuffer(total) : new ArrayBuffer(total));
    let at = 0;
    for (const piece of chunks) {
      out.set(piece, at);
      at += piece.length;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}
