import { compileWasmFile, WasmHeap } from './wasm-heap.js';

/**
 * The WebAssembly SIMD kernels (built from `assembly/` by `pnpm build:wasm` into `wasm/kernels.wasm`, committed),
 * one instance per thread with memory of its own, in which the host lays out the kernels' arrays (see
 * {@link WasmHeap}).
 */
export interface KernelExports {
  scoreGrid(
    x: number,
    y: number,
    f64Bits: number,
    rows: number,
    cols: number,
    wa: number,
    wb: number,
    count: number,
    step: number,
    first: number,
    end: number,
    base: number,
    ratio: number,
    candidates: number,
    predictions: number,
    confidence: number,
  ): void;
  /** e^t in place over `count` (even) float64 values: the kernels' exponential, exported for tests. */
  expInPlace(at: number, count: number): void;
  priorPassRows(
    logits: number,
    isF64: number,
    rows: number,
    cols: number,
    labels: number,
    scale: number,
    offset: number,
    keepRelative: number,
    pbar: number,
    diag: number,
    kept: number,
    vrow: number,
    keptIndex: number,
    keptValue: number,
    rowStart: number,
  ): number;
  /** The fast (float32) prior pass; arguments as priorPassRows without isF64, offset float32. */
  priorPassRowsF32(
    logits: number,
    rows: number,
    cols: number,
    labels: number,
    scale: number,
    offset: number,
    keepRelative: number,
    pbar: number,
    diag: number,
    kept: number,
    erow: number,
    keptIndex: number,
    keptValue: number,
    rowStart: number,
  ): number;
  /** e^t in place over `count` (a multiple of 4) float32 values: the fast pass's exponential, for tests. */
  expInPlaceF32(at: number, count: number): void;
  /** The fast prior pass's exponential (`exp-f32x4-short.ts`) in place, for tests. */
  expShortInPlaceF32(at: number, count: number): void;
  priorHessianRows(rowStart: number, index: number, value: number, rows: number, v: number, out: number): void;
  /** priorHessianRows over uint16 indices and float32 values (the fast pass's kept probabilities). */
  priorHessianRowsF32(rowStart: number, index: number, value: number, rows: number, v: number, out: number): void;
  choleskyLower(a: number, n: number, floor: number): void;
  /** The column blocks of `choleskyLower` starting in [from, to) (from a multiple of 32), given the earlier ones. */
  choleskyLowerColumns(a: number, n: number, floor: number, from: number, to: number): void;
  cachedSoftmaxPass(e: number, rows: number, cols2: number, w: number, sums: number, rowSums: number): void;
  abtRows(a: number, isF64: number, n: number, d: number, pairs: number, k: number, out: number): void;
  atbRows(a: number, b: number, isF64: number, n: number, k: number, d2: number, out: number): void;
  sandwichPanel(
    l: number,
    u: number,
    s: number,
    k: number,
    j0: number,
    p: number,
    x: number,
    acc: number,
    out: number,
  ): void;
  /** The sandwich's within-class correction of the scores and their diagonal (see `prior-sandwich.ts`). */
  sandwichCorrection(
    classSum: number,
    counts: number,
    k: number,
    keepRelative: number,
    scores: number,
    gDiag: number,
    list: number,
    listed: number,
    from: number,
    to: number,
  ): void;
  sandwichRows(
    logits: number,
    isF64: number,
    rows: number,
    cols: number,
    labels: number,
    present: number,
    k: number,
    scale: number,
    offsets: number,
    keepRelative: number,
    pairs: number,
    hDiag: number,
    gDiag: number,
    classSum: number,
    u: number,
    kept: number,
    capacity: number,
  ): void;
  /** Adds the pair products buffered by `sandwichRows` to `pairs` and empties the buffer (sandwich-pairs.ts). */
  sandwichFlush(kept: number, capacity: number, k: number, pairs: number): void;
  /** Bytes of `sandwichRows`'s kept-entry buffer for k classes and `capacity` entries. */
  sandwichKeptBytes(k: number, capacity: number): number;
  scoreRows(
    x: number,
    y: number,
    f64Bits: number,
    rows: number,
    cols: number,
    mode: number,
    a: number,
    sa: number,
    b: number,
    sb: number,
    vrow: number,
    predictions: number,
    confidence: number,
  ): void;
  /** Non-finite flag, largest magnitude and largest row spread of a block of rows (3 float64 at `out`). */
  logitSummary(data: number, isF64: number, rows: number, cols: number, out: number): void;
  /** Temperature scaling's Newton sums over rows (`nll-moments.ts`): out[0] += sum (E_p[d] - d_y), out[1] += sum Var_p(d). */
  nllMomentsRows(
    logits: number,
    isF64: number,
    rows: number,
    cols: number,
    labels: number,
    s: number,
    out: number,
  ): void;
}

let module: object | undefined;

/** An instance of the kernels with its own memory and allocator (see {@link WasmHeap}). */
export class WasmKernels extends WasmHeap<KernelExports> {
  constructor() {
    // wasm/ is the sibling of both src/ and dist/; the module is compiled once per thread.
    module ??= compileWasmFile(new URL('../wasm/kernels.wasm', import.meta.url));
    super(module);
  }
}

/** This thread's kernel instance, created on first use. */
let threadKernels: WasmKernels | undefined;

/** The kernel instance of the calling thread (main thread or worker lane). */
export function wasmKernels(): WasmKernels {
  threadKernels ??= new WasmKernels();
  return threadKernels;
}
