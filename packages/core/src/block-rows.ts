import { closeSync, openSync } from 'node:fs';
import type { FloatArray } from './matrix.js';
import type { LogitRows } from './logit-rows.js';
import { type NpyFileRows, fileRowItemSize, isNpyFileRows, readRowBytes } from './npy-file-rows.js';
import { toShared } from './shared-arrays.js';
import type { WasmHeap } from './wasm-heap.js';

/** Where a pool kernel takes its rows from: an array in memory (shared with the workers) or a `.npy` file. */
export type BlockSource = FloatArray | NpyFileRows;

/**
 * The source a kernel's arguments carry for `logits`: where the rows lie for logits left in their file, else the
 * values (on a SharedArrayBuffer when `shared`, copied once if they are not, so worker threads see them).
 */
export function blockSource(logits: LogitRows, shared: boolean): BlockSource {
  if ('file' in logits) return logits.file;
  return shared ? toShared(logits.data) : logits.data;
}

/** Whether the source holds float64 values (else float32). */
export function isFloat64Source(source: BlockSource): boolean {
  return source instanceof Float64Array || (isNpyFileRows(source) && source.dtype === '<f8');
}

/**
 * Copies rows of a {@link BlockSource} into a WebAssembly kernel's memory, the bytes as stored (float32 or
 * float64): from an array with one `set`, from a file with positioned reads straight into the kernel memory (no
 * JavaScript buffer in between; after the first pass the page cache serves them at memory speed). A file is opened
 * on first use; call {@link close} when the kernel call ends (in a `finally`).
 */
export class BlockRowCopier {
  private fd = -1;
  private readonly item: number;

  /**
   * @param source the rows
   * @param cols values per row
   */
  constructor(
    private readonly source: BlockSource,
    private readonly cols: number,
  ) {
    this.item = isNpyFileRows(source) ? fileRowItemSize(source) : source.BYTES_PER_ELEMENT;
  }

  /** Rows [first, first + count) to byte offset `at` of the kernel memory (contiguous, row after row). */
  copy(kernels: WasmHeap<unknown>, at: number, first: number, count: number): void {
    const { source, cols } = this;
    const length = count * cols;
    if (source instanceof Float32Array)
      kernels.f32(at, length).set(source.subarray(first * cols, first * cols + length));
    else if (source instanceof Float64Array)
      kernels.f64(at, length).set(source.subarray(first * cols, first * cols + length));
    else this.read(source, kernels.u8(at, length * this.item), first, count);
  }

  /**
   * Rows `order[from .. from + count)` (any row numbers) to byte offset `at`, one after the other; from a file,
   * runs of consecutive row numbers are read in one call (rows sorted by class in the file read as one range).
   */
  copyList(kernels: WasmHeap<unknown>, at: number, order: Int32Array, from: number, count: number): void {
    const { source, cols } = this;
    if (!isNpyFileRows(source)) {
      const view = source instanceof Float64Array ? kernels.f64(at, count * cols) : kernels.f32(at, count * cols);
      for (let r = 0; r < count; r++) {
        const i = order[from + r];
        view.set(source.subarray(i * cols, i * cols + cols), r * cols);
      }
      return;
    }
    const rowBytes = cols * this.item;
    for (let r = 0; r < count; ) {
      const first = order[from + r];
      let run = 1;
      while (r + run < count && order[from + r + run] === first + run) run++;
      this.read(source, kernels.u8(at + r * rowBytes, run * rowBytes), first, run);
      r += run;
    }
  }

  /** Closes the file if one was opened; idempotent. */
  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  private read(file: NpyFileRows, target: Uint8Array, first: number, count: number): void {
    if (this.fd < 0) this.fd = openSync(file.file, 'r');
    // The caller's check of the file (inode, size, mtime) then names the problem in one line.
    if (!readRowBytes(this.fd, file, first, count, target))
      throw new Error(`${file.file}: file ended early while being read (changed?)`);
  }
}
