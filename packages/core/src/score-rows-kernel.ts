import { closeSync, openSync } from 'node:fs';
import type { FloatArray } from './matrix.js';
import { type NpyFileRows, fileRowItemSize, isNpyFileRows, readRowBytes } from './npy-file-rows.js';
import { wasmKernels } from './wasm-kernels.js';

/** One combination as the kernel sees it: shifts are K-vectors (zeros when absent). */
export interface KernelCombination {
  useZeroShot: boolean;
  zeroShotWeight: number;
  zeroShotShift: Float64Array;
  useFineTuned: boolean;
  fineTunedWeight: number;
  fineTunedShift: Float64Array;
}

/**
 * Output ensembles `(1 - alpha) zs + alpha ft` at equally spaced alphas (an alpha sweep), scored together:
 * `combinations` are the members' indices in the outputs, by increasing alpha.
 */
export interface KernelGrid {
  members: number[];
  zeroShotWeights: number[];
  fineTunedWeights: number[];
  /** The alpha spacing. */
  step: number;
}

/** Inputs and shared outputs of {@link scoreRowBlocks}. */
export interface ScoreRowsArgs {
  /** Values held in memory, or a file each lane reads its blocks from (then checked: see `summaries`). */
  zeroShot: FloatArray | NpyFileRows | null;
  fineTuned: FloatArray | NpyFileRows | null;
  rows: number;
  cols: number;
  blockRows: number;
  /** Combinations scored one by one, with the index of their outputs. */
  combinations: (KernelCombination & { output: number })[];
  grids: KernelGrid[];
  /** One array of N per combination: argmax (first index on ties) and max-softmax probability. */
  predictions: Int32Array[];
  confidence: Float64Array[];
  /**
   * For an input read from its file: three float64 per block, the input checks' summary of the block's values as
   * read (`logitSummary`: non-finite flag, largest magnitude, largest row spread), the flag 2 when the file ended
   * before the block did. The caller checks them: the values read from a file are seen by no other pass.
   */
  summaries: { zeroShot?: Float64Array; fineTuned?: Float64Array };
}

/**
 * For every row of blocks [firstBlock, endBlock) and every combination: the argmax and the max-softmax of
 * `(a * zs + sa) + (b * ft + sb)`, on this thread's WebAssembly SIMD kernel (`scoreRows`, float64): each block's
 * rows are copied into the kernel's memory once and scored for every combination with a K-length scratch row
 * (never an N x K intermediate). The expression and its evaluation order are those of `adjustLogits`,
 * `outputEnsemble` and `glaLogits`, so the predictions are the same as theirs bit for bit; confidences are within
 * a few ulp of theirs.
 *
 * A grid of output ensembles needs no exponential per alpha: with v_j(alpha) = zs_j + alpha (ft_j - zs_j) and a
 * row bound M >= v_j(alpha) (the larger value at either end), exp(v_j(alpha_k) - M) = exp(v_j(alpha_0) - M) *
 * exp(step (ft_j - zs_j))^k, two exponentials per class for the whole sweep; the softmax denominator at alpha_k
 * is that sum times exp(M - max_k). Values and argmax are still computed exactly from each alpha's weights, over
 * the few classes that can be an argmax anywhere on the grid (see `scoreGridRow`).
 */
export function scoreRowBlocks(args: ScoreRowsArgs, firstBlock: number, endBlock: number): void {
  const { zeroShot: zs, fineTuned: ft, rows, cols, blockRows, combinations } = args;

  // Bit 0: zero-shot logits are float64; bit 1: fine-tuned logits are (float32 otherwise).
  const isF64 = (input: FloatArray | NpyFileRows | null) =>
    input instanceof Float64Array || (isNpyFileRows(input) && input.dtype === '<f8');
  const itemSize = (input: FloatArray | NpyFileRows) =>
    isNpyFileRows(input) ? fileRowItemSize(input) : input.BYTES_PER_ELEMENT;
  const f64Bits = (isF64(zs) ? 1 : 0) | (isF64(ft) ? 2 : 0);
  const cols4 = (cols + 3) & ~3;
  const maxRows = Math.min(blockRows, rows);
  const kernels = wasmKernels();
  kernels.reset();
  // One grid at most (evaluateRun's alpha sweep); its weights are written once per call.
  if (args.grids.length > 1) throw new RangeError('scoreRowBlocks: at most one grid of output ensembles');
  const gridPoints = args.grids[0]?.members.length ?? 0;
  const at = {
    x: kernels.alloc(zs ? maxRows * cols * itemSize(zs) : 0),
    y: kernels.alloc(ft ? maxRows * cols * itemSize(ft) : 0),
    shifts: kernels.alloc(combinations.length * 2 * cols4 * 8),
    vrow: kernels.alloc(cols4 * 8),
    predictions: kernels.alloc(maxRows * 4),
    confidence: kernels.alloc(maxRows * 8),
    first: kernels.alloc(cols4 * 8),
    end: kernels.alloc(cols4 * 8),
    base: kernels.alloc(cols4 * 8),
    ratio: kernels.alloc(cols4 * 8),
    candidates: kernels.alloc(cols4 * 4),
    gridA: kernels.alloc(gridPoints * 8),
    gridB: kernels.alloc(gridPoints * 8),
    gridPredictions: kernels.alloc(gridPoints * maxRows * 4),
    gridConfidence: kernels.alloc(gridPoints * maxRows * 8),
    summary: kernels.alloc(3 * 8),
  };
  // An input read from its file lands straight in the kernel's memory (a positioned read per block); one held
  // in memory is copied there.
  const inputs = [
    { input: zs, at: at.x, bit: 1, summaries: args.summaries.zeroShot },
    { input: ft, at: at.y, bit: 2, summaries: args.summaries.fineTuned },
  ].flatMap(({ input, at: where, bit, summaries }) => {
    if (!input) return [];
    if (!isNpyFileRows(input)) {
      const view =
        input instanceof Float64Array ? kernels.f64(where, maxRows * cols) : kernels.f32(where, maxRows * cols);
      return [{ load: (r0: number, r1: number) => view.set(input.subarray(r0 * cols, r1 * cols)), close: () => {} }];
    }
    const fd = openSync(input.file, 'r');
    const bytes = kernels.u8(where, maxRows * cols * fileRowItemSize(input));
    const out = summaries as Float64Array;
    const load = (r0: number, r1: number, block: number) => {
      if (!readRowBytes(fd, input, r0, r1 - r0, bytes)) {
        out[3 * block] = 2;
        return;
      }
      kernels.exports.logitSummary(where, f64Bits & bit ? 1 : 0, r1 - r0, cols, at.summary);
      out.set(kernels.f64(at.summary, 3), 3 * block);
    };
    return [{ load, close: () => closeSync(fd) }];
  });
  const shift = (c: number, term: number) => at.shifts + (2 * c + term) * cols4 * 8;
  combinations.forEach((c, index) => {
    kernels.f64(shift(index, 0), cols).set(c.zeroShotShift);
    kernels.f64(shift(index, 1), cols).set(c.fineTunedShift);
  });
  if (args.grids[0]) {
    kernels.f64(at.gridA, gridPoints).set(args.grids[0].zeroShotWeights);
    kernels.f64(at.gridB, gridPoints).set(args.grids[0].fineTunedWeights);
  }
  const predictions = kernels.i32(at.predictions, maxRows);
  const confidence = kernels.f64(at.confidence, maxRows);
  try {
    for (let block = firstBlock; block < endBlock; block++) {
      const r0 = block * blockRows;
      const r1 = Math.min(rows, r0 + blockRows);
      if (r1 <= r0) break;
      for (const input of inputs) input.load(r0, r1, block);
      scoreBlock(r0, r1);
    }
  } finally {
    for (const input of inputs) input.close();
  }

  function scoreBlock(r0: number, r1: number): void {
    combinations.forEach((c, index) => {
      const mode = (c.useZeroShot ? 1 : 0) + (c.useFineTuned ? 2 : 0);
      kernels.exports.scoreRows(
        at.x,
        at.y,
        f64Bits,
        r1 - r0,
        cols,
        mode,
        c.zeroShotWeight,
        shift(index, 0),
        c.fineTunedWeight,
        shift(index, 1),
        at.vrow,
        at.predictions,
        at.confidence,
      );
      args.predictions[c.output].set(predictions.subarray(0, r1 - r0), r0);
      args.confidence[c.output].set(confidence.subarray(0, r1 - r0), r0);
    });
    for (const g of args.grids) {
      const count = g.members.length;
      kernels.exports.scoreGrid(
        at.x,
        at.y,
        f64Bits,
        r1 - r0,
        cols,
        at.gridA,
        at.gridB,
        count,
        g.step,
        at.first,
        at.end,
        at.base,
        at.ratio,
        at.candidates,
        at.gridPredictions,
        at.gridConfidence,
      );
      const n = r1 - r0;
      const p = kernels.i32(at.gridPredictions, count * n);
      const q = kernels.f64(at.gridConfidence, count * n);
      g.members.forEach((member, k) => {
        args.predictions[member].set(p.subarray(k * n, (k + 1) * n), r0);
        args.confidence[member].set(q.subarray(k * n, (k + 1) * n), r0);
      });
    }
  }
}
