import { BlockRowCopier, type BlockSource, isFloat64Source } from './block-rows.js';
import { wasmKernels } from './wasm-kernels.js';

/** Inputs and shared outputs of {@link nllMomentsBlocks}. */
export interface NllMomentsArgs {
  /** The logits: an array (shared with the workers) or a `.npy` file each lane reads its rows from. */
  logits: BlockSource;
  rows: number;
  cols: number;
  labels: Int32Array;
  /** s = 1 / T. */
  scale: number;
  blockRows: number;
  /** Two float64 per block: sum of (E_p[d] - d_y) and of Var_p(d) over the block's rows. */
  out: Float64Array;
  /**
   * When given, three float64 per block: the block's `logitSummary` (non-finite flag, largest magnitude, largest
   * row spread), for the input checks of logits read from their file.
   */
  summary?: Float64Array;
}

/**
 * The pool kernel of `nllTemperature`: blocks [firstBlock, endBlock), each copied (or read from the file) with its
 * labels into this thread's kernel memory and summed by `nllMomentsRows` into its own two slots of `out`.
 */
export function nllMomentsBlocks(args: NllMomentsArgs, firstBlock: number, endBlock: number): void {
  const { logits, rows, cols, labels, blockRows, summary } = args;
  const kernels = wasmKernels();
  const copier = new BlockRowCopier(logits, cols);
  kernels.reset();
  try {
    const maxRows = Math.min(blockRows, rows);
    const isF64 = isFloat64Source(logits);
    const at = kernels.alloc(maxRows * cols * (isF64 ? 8 : 4));
    const labelsAt = kernels.alloc(maxRows * 4);
    const outAt = kernels.alloc(2 * 8);
    const summaryAt = kernels.alloc(3 * 8);
    const labelView = kernels.i32(labelsAt, maxRows);
    const out = kernels.f64(outAt, 2);
    for (let block = firstBlock; block < endBlock; block++) {
      const r0 = block * blockRows;
      const r1 = Math.min(rows, r0 + blockRows);
      copier.copy(kernels, at, r0, r1 - r0);
      labelView.set(labels.subarray(r0, r1));
      out.fill(0);
      kernels.exports.nllMomentsRows(at, isF64 ? 1 : 0, r1 - r0, cols, labelsAt, args.scale, outAt);
      args.out.set(out, 2 * block);
      if (summary) {
        kernels.exports.logitSummary(at, isF64 ? 1 : 0, r1 - r0, cols, summaryAt);
        summary.set(kernels.f64(summaryAt, 3), 3 * block);
      }
    }
  } finally {
    copier.close();
    kernels.reset();
  }
}
