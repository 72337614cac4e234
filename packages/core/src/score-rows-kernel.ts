import type { FloatArray } from './matrix.js';
import { fastExp } from './fast-exp.js';
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
  const grid: GridScratch = {
    first: new Float64Array(cols),
    end: new Float64Array(cols),
    base: new Float64Array(cols),
    ratio: new Float64Array(cols),
    candidates: new Int32Array(cols),
  };
  // Bit 0: zero-shot logits are float64; bit 1: fine-tuned logits are (float32 otherwise).
  const f64Bits = (zs instanceof Float64Array ? 1 : 0) | (ft instanceof Float64Array ? 2 : 0);
  const cols4 = (cols + 3) & ~3;
  const maxRows = Math.min(blockRows, rows);
  const kernels = wasmKernels();
  kernels.reset();
  const at = {
    x: kernels.alloc(zs ? maxRows * cols * zs.BYTES_PER_ELEMENT : 0),
    y: kernels.alloc(ft ? maxRows * cols * ft.BYTES_PER_ELEMENT : 0),
    shifts: kernels.alloc(combinations.length * 2 * cols4 * 8),
    vrow: kernels.alloc(cols4 * 8),
    predictions: kernels.alloc(maxRows * 4),
    confidence: kernels.alloc(maxRows * 8),
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
    for (const g of args.grids) for (let i = r0; i < r1; i++) scoreGridRow(args, g, i, grid);
  }
}

/** Per-lane scratch of the grid rows. */
interface GridScratch {
  first: Float64Array;
  end: Float64Array;
  base: Float64Array;
  ratio: Float64Array;
  candidates: Int32Array;
}

function scoreGridRow(args: ScoreRowsArgs, grid: KernelGrid, i: number, scratch: GridScratch): void {
  const { cols } = args;
  const x = args.zeroShot as FloatArray;
  const y = args.fineTuned as FloatArray;
  const { first, end, base, ratio, candidates } = scratch;
  const o = i * cols;
  const last = grid.members.length - 1;
  const a0 = grid.zeroShotWeights[0];
  const b0 = grid.fineTunedWeights[0];
  const aL = grid.zeroShotWeights[last];
  const bL = grid.fineTunedWeights[last];
  let best0 = 0;
  let bestL = 0;
  let lowest = Infinity;
  for (let j = 0; j < cols; j++) {
    const f = x[o + j] * a0 + y[o + j] * b0;
    const e = x[o + j] * aL + y[o + j] * bL;
    first[j] = f;
    end[j] = e;
    if (f > first[best0]) best0 = j;
    if (e > end[bestL]) bestL = j;
    if (f < lowest) lowest = f;
  }
  const bound = Math.max(first[best0], end[bestL]);
  // v_j(alpha) is linear in alpha, so over the grid it never exceeds max(first_j, end_j), and the row maximum
  // never drops below `floor` (the better of two lines, each at its lower end). A class whose two ends are both
  // below the floor is never an argmax: the argmax at each alpha is searched among the others only.
  const floor = Math.max(Math.min(first[best0], end[best0]), Math.min(first[bestL], end[bestL]));
  const cut = floor - 1e-9 * (Math.abs(floor) + 1);
  let count = 0;
  for (let j = 0; j < cols; j++) if (first[j] >= cut || end[j] >= cut) candidates[count++] = j;
  // exp(v_j(alpha) - M) is monotone in alpha: a term can only be lost to underflow at alpha_0 if it starts below
  // e^-700, which CLIP-scale logits never do; such rows take the direct route.
  const recur = lowest - bound > -700;
  if (recur) {
    for (let j = 0; j < cols; j++) {
      base[j] = fastExp(first[j] - bound);
      ratio[j] = fastExp(grid.step * (y[o + j] - x[o + j]));
    }
  }
  for (let k = 0; k <= last; k++) {
    const a = grid.zeroShotWeights[k];
    const b = grid.fineTunedWeights[k];
    let max = -Infinity;
    let arg = 0;
    for (let c = 0; c < count; c++) {
      const j = candidates[c];
      const v = x[o + j] * a + y[o + j] * b;
      if (v > max) {
        max = v;
        arg = j;
      }
    }
    let sum = 0;
    if (recur && k === 0) {
      for (let j = 0; j < cols; j++) sum += base[j];
    } else if (recur) {
      for (let j = 0; j < cols; j++) {
        const e = base[j] * ratio[j];
        base[j] = e;
        sum += e;
      }
    }
    let confidence = recur && max - bound > -600 ? fastExp(max - bound) / sum : NaN;
    if (!(confidence > 0 && confidence <= 1 + 1e-12)) {
      // The direct denominator when the recurrence cannot be trusted (overflowing ratios, extreme logits).
      let direct = 0;
      for (let j = 0; j < cols; j++) direct += fastExp(x[o + j] * a + y[o + j] * b - max);
      confidence = 1 / direct;
    }
    args.predictions[grid.members[k]][i] = arg;
    args.confidence[grid.members[k]][i] = Math.min(1, confidence);
  }
}
