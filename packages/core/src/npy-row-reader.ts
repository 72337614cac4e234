import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import type { NpyFileRows } from './npy-file-rows.js';
import type { NpyFileLogits } from './logit-rows.js';
import { float16ToFloat32, fromFloat16Bits } from './float16.js';
import { type FloatArray, matrix, type Matrix } from './matrix.js';
import { NPY_ITEM_SIZE, type NpyDtype, parseNpyHeader } from './npy.js';
import { InputError } from './validate.js';

/** Bytes read to find the header; a longer header is read in a second step. */
const HEAD_BYTES = 4096;
const READ_PIECE = 1 << 30;

/**
 * Rows of a 2-D float `.npy` file read on demand (chunked streaming), for files larger than memory or than the
 * 2 GiB a single read allows: only the requested rows are ever in memory. float16 rows are widened to float32.
 * Positions are byte offsets in a JavaScript number, exact up to 8 PiB. Call {@link close} when done.
 */
export class NpyRowReader {
  readonly rows: number;
  readonly cols: number;
  readonly dtype: NpyDtype;
  private closed = false;
  /** The buffers `readRows(..., reuse = true)` fills again (one per sharedness). */
  private chunk?: ArrayBuffer;
  private sharedChunk?: SharedArrayBuffer;
  /** Raw bytes of {@link readRowsInto} when they cannot land in the target directly. */
  private scratch?: Uint8Array;

  private constructor(
    private readonly fd: number,
    private readonly what: string,
    private readonly path: string,
    /** The file when opened (size, mtime in ns, device:inode), for `checkFileUnchanged`. */
    private readonly identity: NpyFileLogits['identity'],
    private readonly dataOffset: number,
    header: { rows: number; cols: number; dtype: NpyDtype },
  ) {
    this.rows = header.rows;
    this.cols = header.cols;
    this.dtype = header.dtype;
  }

  /**
   * Opens `path` and checks its header: 2-D, float16/32/64, and a file exactly as long as the shape says.
   * @param what name used in error messages; default the path
   * @throws InputError (one line naming `what`) otherwise
   */
  static open(path: string, what = path): NpyRowReader {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      throw new InputError(
        `${what}: cannot open (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
    try {
      const stat = fstatSync(fd, { bigint: true });
      const size = Number(stat.size);
      const identity = { size, mtimeNs: String(stat.mtimeNs), inode: `${stat.dev}:${stat.ino}` };
      let head = new Uint8Array(Math.min(size, HEAD_BYTES));
      readSync(fd, head, 0, head.length, 0);
      if (head.length >= 12 && head[6] > 1) {
        const length = 12 + new DataView(head.buffer).getUint32(8, true);
        if (length > head.length && length <= size) {
          head = new Uint8Array(length);
          readSync(fd, head, 0, length, 0);
        }
      }
      const { dtype, shape, dataOffset } = parseNpyHeader(head, what);
      if (shape.length !== 2) throw new InputError(`${what}: expected a 2-D array, got shape (${shape.join(', ')})`);
      if (dtype !== '<f2' && dtype !== '<f4' && dtype !== '<f8')
        throw new InputError(`${what}: expected float16, float32 or float64 values, got ${dtype}`);
      const expected = dataOffset + shape[0] * shape[1] * NPY_ITEM_SIZE[dtype];
      if (size !== expected)
        throw new InputError(
          `${what}: file is ${size} bytes, but the header's shape (${shape.join(', ')}) needs ${expected}`,
        );
      return new NpyRowReader(fd, what, resolve(path), identity, dataOffset, {
        rows: shape[0],
        cols: shape[1],
        dtype,
      });
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /**
   * Rows [start, start + count) as a `count x cols` matrix: float32 for float16/float32 files, float64 for
   * float64 ones; on a SharedArrayBuffer when `shared` (default false), for worker threads. With `reuse` (default
   * false) the rows go into the buffer of the previous call with `reuse` when it is large enough: that matrix is
   * overwritten (chunked scoring keeps one chunk alive instead of leaving every chunk's buffer to the collector,
   * which frees SharedArrayBuffers late).
   * @throws RangeError outside [0, rows)
   */
  readRows(start: number, count: number, shared = false, reuse = false): Matrix {
    if (this.closed) throw new Error(`${this.what}: row reader used after close`);
    if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > this.rows)
      throw new RangeError(`${this.what}: rows [${start}, ${start + count}) outside [0, ${this.rows})`);
    const item = NPY_ITEM_SIZE[this.dtype];
    const length = count * this.cols;
    const bytes = length * item;
    const kept = reuse ? (shared ? this.sharedChunk : this.chunk) : undefined;
    const buffer =
      kept && kept.byteLength >= bytes ? kept : shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
    if (reuse && shared) this.sharedChunk = buffer as SharedArrayBuffer;
    else if (reuse) this.chunk = buffer as ArrayBuffer;
    const target = new Uint8Array(buffer, 0, bytes);
    this.readBytes(target, this.dataOffset + start * this.cols * item);
    if (this.dtype === '<f8') return matrix(new Float64Array(buffer, 0, length), count, this.cols);
    if (this.dtype === '<f4') return matrix(new Float32Array(buffer, 0, length), count, this.cols);
    const wide = float16ToFloat32(new Uint16Array(buffer, 0, length));
    if (!shared) return matrix(wide, count, this.cols);
    const out = new Float32Array(new SharedArrayBuffer(wide.byteLength));
    out.set(wide);
    return matrix(out, count, this.cols);
  }

  /**
   * Rows [start, start + count) decoded into `target` from element `offset` (default 0) on, with no allocation
   * once the scratch buffer has grown: float16 widened exactly, float32 and float64 copied (or narrowed to
   * float32 when `target` is a Float32Array and the file is float64). float32 into a Float32Array and float64
   * into a Float64Array are read straight into the target's memory.
   * @throws RangeError outside [0, rows) or when `target` is too short
   */
  readRowsInto(start: number, count: number, target: FloatArray, offset = 0): void {
    if (this.closed) throw new Error(`${this.what}: row reader used after close`);
    if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > this.rows)
      throw new RangeError(`${this.what}: rows [${start}, ${start + count}) outside [0, ${this.rows})`);
    const length = count * this.cols;
    if (!Number.isInteger(offset) || offset < 0 || offset + length > target.length)
      throw new RangeError(`${this.what}: ${length} values do not fit at ${offset} in a target of ${target.length}`);
    const item = NPY_ITEM_SIZE[this.dtype];
    const bytes = length * item;
    const position = this.dataOffset + start * this.cols * item;
    const direct =
      (this.dtype === '<f4' && target instanceof Float32Array) ||
      (this.dtype === '<f8' && target instanceof Float64Array);
    if (direct) {
      this.readBytes(new Uint8Array(target.buffer, target.byteOffset + offset * item, bytes), position);
      return;
    }
    if (!this.scratch || this.scratch.byteLength < bytes) this.scratch = new Uint8Array(Math.max(bytes, 1 << 16));
    const raw = this.scratch.subarray(0, bytes);
    this.readBytes(raw, position);
    if (this.dtype === '<f2') {
      const halves = new Uint16Array(raw.buffer, 0, length);
      for (let i = 0; i < length; i++) target[offset + i] = fromFloat16Bits(halves[i]);
    } else {
      const values =
        this.dtype === '<f4' ? new Float32Array(raw.buffer, 0, length) : new Float64Array(raw.buffer, 0, length);
      target.set(values, offset);
    }
  }

  /**
   * Where the rows lie in the file, for worker lanes that read their own (see `NpyFileRows`): float32 and float64
   * files only (float16 rows must be widened first: `undefined`).
   */
  fileRows(): NpyFileRows | undefined {
    if (this.dtype !== '<f4' && this.dtype !== '<f8') return undefined;
    return { file: this.path, dataOffset: this.dataOffset, dtype: this.dtype, rows: this.rows, cols: this.cols };
  }

  /**
   * The file as {@link NpyFileLogits} (where its rows lie, how messages name it, and its identity when opened, which
   * `checkFileUnchanged` compares after the lanes have read it): float32 and float64 files only.
   */
  fileLogits(): NpyFileLogits | undefined {
    const file = this.fileRows();
    return file ? { rows: this.rows, cols: this.cols, file, what: this.what, identity: this.identity } : undefined;
  }

  private readBytes(target: Uint8Array, position: number): void {
    for (let done = 0; done < target.length; ) {
      const n = readSync(this.fd, target, done, Math.min(READ_PIECE, target.length - done), position + done);
      if (n === 0) throw new InputError(`${this.what}: file shrank while being read`);
      done += n;
    }
  }

  /** Closes the file; idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
