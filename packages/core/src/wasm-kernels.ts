import { readFileSync } from 'node:fs';

/**
 * The WebAssembly SIMD kernels (built from `assembly/` by `pnpm build:wasm` into `wasm/kernels.wasm`, committed),
 * one instance per thread with memory of its own. The host lays out the kernel's arrays in that memory; the
 * module keeps its constants in the first page, so host data starts at {@link HEAP_START}.
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
  choleskyLower(a: number, n: number, floor: number): void;
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
    hessian: number,
    scores: number,
    hDiag: number,
    gDiag: number,
    classSum: number,
    u: number,
    g: number,
    list: number,
  ): void;
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
}

// The few WebAssembly JS API members used here (the DOM library, which declares them, is not in this build).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
};

const HEAP_START = 65536;
const PAGE = 65536;

let module: object | undefined;

/** The compiled module, read once per thread (`wasm/` is the sibling of both `src/` and `dist/`). */
function kernelModule(): object {
  module ??= new WebAssembly.Module(readFileSync(new URL('../wasm/kernels.wasm', import.meta.url)));
  return module;
}

/** A kernel instance with a bump allocator over its memory; {@link reset} frees everything at once. */
export class WasmKernels {
  readonly exports: KernelExports;
  private readonly memory: WasmMemory;
  private top = HEAP_START;

  constructor() {
    this.memory = new WebAssembly.Memory({ initial: 2 });
    const instance = new WebAssembly.Instance(kernelModule(), { env: { memory: this.memory } });
    this.exports = instance.exports as unknown as KernelExports;
  }

  /** Frees every allocation (the memory itself stays, for the next call). */
  reset(): void {
    this.top = HEAP_START;
  }

  /** Byte offset of `bytes` fresh bytes aligned to 16, growing the memory when needed. */
  alloc(bytes: number): number {
    const at = this.top;
    this.top = (at + bytes + 15) & ~15;
    const need = this.top - this.memory.buffer.byteLength;
    if (need > 0) this.memory.grow(Math.ceil(need / PAGE));
    return at;
  }

  /** A view of `length` float64 at byte offset `at` (valid until the next {@link alloc}, which may move memory). */
  f64(at: number, length: number): Float64Array {
    return new Float64Array(this.memory.buffer, at, length);
  }

  f32(at: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, at, length);
  }

  i32(at: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, at, length);
  }
}

/** This thread's kernel instance, created on first use. */
let threadKernels: WasmKernels | undefined;

/** The kernel instance of the calling thread (main thread or worker lane). */
export function wasmKernels(): WasmKernels {
  threadKernels ??= new WasmKernels();
  return threadKernels;
}
