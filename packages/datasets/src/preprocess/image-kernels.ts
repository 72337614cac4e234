import { readFileSync } from 'node:fs';

/** Exports of wasm/image-kernels.wasm (built from `assembly/` by `pnpm build:wasm`, committed). */
interface ImageKernelExports {
  resampleRows(
    src: number,
    w: number,
    h: number,
    c: number,
    outW: number,
    bounds: number,
    weights: number,
    taps: number,
    out: number,
  ): void;
  resampleColumns(
    src: number,
    rowLength: number,
    outH: number,
    bounds: number,
    weights: number,
    taps: number,
    out: number,
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
  Memory: new (descriptor: { initial: number }) => WasmMemory;
};

const PAGE = 65536;
// The module's constants live in its first page; host data starts after it.
const HEAP_START = PAGE;
// Vector loads and stores may touch up to 16 bytes past a buffer's end.
const PADDING = 16;

/** A kernel instance with a bump allocator over its memory (one per thread, reused by every image). */
export class ImageKernels {
  readonly exports: ImageKernelExports;
  private readonly memory: WasmMemory;
  private top = HEAP_START;

  constructor(module: object) {
    this.memory = new WebAssembly.Memory({ initial: 2 });
    this.exports = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as ImageKernelExports;
  }

  /** Frees every allocation (the memory stays for the next image). */
  reset(): void {
    this.top = HEAP_START;
  }

  /** Byte offset of `bytes` fresh bytes (plus vector padding) aligned to 16, growing the memory when needed. */
  alloc(bytes: number): number {
    const at = this.top;
    this.top = (at + bytes + PADDING + 15) & ~15;
    const need = this.top - this.memory.buffer.byteLength;
    if (need > 0) this.memory.grow(Math.ceil(need / PAGE));
    return at;
  }

  /** A byte view at `at` (valid until the next {@link alloc}, which may move the memory). */
  u8(at: number, length: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, at, length);
  }

  i32(at: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, at, length);
  }
}

let module: object | undefined;
let threadKernels: ImageKernels | undefined;

/** The calling thread's image kernels (the module is compiled once per thread, on first use). */
export function imageKernels(): ImageKernels {
  // wasm/ is the sibling of both src/ and dist/.
  module ??= new WebAssembly.Module(readFileSync(new URL('../../wasm/image-kernels.wasm', import.meta.url)));
  threadKernels ??= new ImageKernels(module);
  return threadKernels;
}
