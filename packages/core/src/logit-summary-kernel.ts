import type { FloatArray } from './matrix.js';
import { wasmKernels } from './wasm-kernels.js';

/** Inputs and shared outputs of {@link logitSummaryBlocks}. */
export interface LogitSummaryArgs {
  data: FloatArray;
  rows: number;
  cols: number;
  blockRows: number;
  /** Three float64 per block: non-finite flag, largest magnitude, largest row spread. */
  out: Float64Array;
}

/**
 * The pool kernel of `summariseLogits` (logit-summary.ts): blocks [firstBlock, endBlock), each copied into this thread's
 * kernel memory and summarised into its own three slots of `out`.
 */
export function logitSummaryBlocks(args: LogitSummaryArgs, firstBlock: number, endBlock: number): void {
  const { data, rows, cols, blockRows } = args;
  const kernels = wasmKernels();
  kernels.reset();
  const maxRows = Math.min(blockRows, rows);
  const isF64 = data instanceof Float64Array;
  const at = kernels.alloc(maxRows * cols * data.BYTES_PER_ELEMENT);
  const outAt = kernels.alloc(3 * 8);
  const view = isF64 ? kernels.f64(at, maxRows * cols) : kernels.f32(at, maxRows * cols);
  const out = kernels.f64(outAt, 3);
  for (let block = firstBlock; block < endBlock; block++) {
    const r0 = block * blockRows;
    const r1 = Math.min(rows, r0 + blockRows);
    view.set(data.subarray(r0 * cols, r1 * cols));
    kernels.exports.logitSummary(at, isF64 ? 1 : 0, r1 - r0, cols, outAt);
    args.out.set(out, 3 * block);
  }
}
