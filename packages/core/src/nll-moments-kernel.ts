import type { FloatArray } from './matrix.js';
import { wasmKernels } from './wasm-kernels.js';

/** Inputs and shared outputs of {@link nllMomentsBlocks}. */
export interface NllMomentsArgs {
  logits: FloatArray;
  rows: number;
  cols: number;
  labels: Int32Array;
  /** s = 1 / T. */
  scale: number;
  blockRows: number;
  /** Two float64 per block: sum of (E_p[d] - d_y) and of Var_p(d) over the block's rows. */
  out: Float64Array;
}

/**
 * The pool kernel of `nllTemperature`: blocks [firstBlock, endBlock), each copied with its labels into this
 * thread's kernel memory and summed by `nllMomentsRows` into its own two slots of `out`.
 */
export function nllMomentsBlocks(args: NllMomentsArgs, firstBlock: number, endBlock: number): void {
  const { logits, rows, cols, labels, blockRows } = args;
  const kernels = wasmKernels();
  kernels.reset();
  const maxRows = Math.min(blockRows, rows);
  const isF64 = logits instanceof Float64Array;
  const at = kernels.alloc(maxRows * cols * logits.BYTES_PER_ELEMENT);
  const labelsAt = kernels.alloc(maxRows * 4);
  const outAt = kernels.alloc(2 * 8);
  const view = isF64 ? kernels.f64(at, maxRows * cols) : kernels.f32(at, maxRows * cols);
  const labelView = kernels.i32(labelsAt, maxRows);
  const out = kernels.f64(outAt, 2);
  for (let block = firstBlock; block < endBlock; block++) {
    const r0 = block * blockRows;
    const r1 = Math.min(rows, r0 + blockRows);
    view.set(logits.subarray(r0 * cols, r1 * cols));
    labelView.set(labels.subarray(r0, r1));
    out.fill(0);
    kernels.exports.nllMomentsRows(at, isF64 ? 1 : 0, r1 - r0, cols, labelsAt, args.scale, outAt);
    args.out.set(out, 2 * block);
  }
}
