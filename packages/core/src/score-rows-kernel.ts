import type { FloatArray } from './matrix.js';
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
  zeroShot: FloatArray | null;
  fineTuned: FloatArray | null;
  rows: number;
  cols: number;
  blockRows: number;
  /** Combinations scored one by one, with the index of their outputs. */
  combinations: (KernelCombination & { output: number })[];
  grids: KernelGrid[];
  /** One array of N per combination: argmax (first index on ties) and max-softmax probability. */
  predictions: Int32Array[];
  confidence: Float64Array[];
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
  const f64Bits = (zs instanceof Float64Array ? 1 : 0) | (ft instanceof Float64Array ? 2 : 0);
  const cols4 = (cols + 3) & ~3;
  const maxRows = Math.min(blockRows, rows);
  const kernels = wasmKernels();
  kernels.reset();
  // One grid at most (evaluateRun's alpha sweep); its weights are written once per call.
  if (args.grids.length > 1) throw new RangeError('scoreRowBlocks: at most one grid of output ensembles');
  const gridPoints = args.grids[0]?.members.length ?? 0;
  const at = {
    x: kernels.alloc(zs ? maxRows * cols * zs.BYTES_PER_ELEMENT : 0),
    y: kernels.alloc(ft ? maxRows * cols * ft.BYTES_PER_ELEMENT : 0),
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
  };
  const view = (like: FloatArray, offset: number) =>
    like instanceof Float64Array ? kernels.f64(offset, maxRows * cols) : kernels.f32(offset, maxRows * cols);
  const xView = zs ? view(zs, at.x) : undefined;
  const yView = ft ? view(ft, at.y) : undefined;
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
  for (let block = firstBlock; block < endBlock; block++) {
    const r0 = block * blockRows;
    const r1 = Math.min(rows, r0 + blockRows);
    if (r1 <= r0) break;
    if (zs) xView?.set(zs.subarray(r0 * cols, r1 * cols));
    if (ft) yView?.set(ft.subarray(r0 * cols, r1 * cols));
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
