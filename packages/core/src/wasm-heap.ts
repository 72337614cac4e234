import { readFileSync } from 'node:fs';

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
/** Modules built with `--runtime stub` keep their constants in the first page: host data starts after it. */
const HEAP_START = PAGE;

/**
 * Compiles a WebAssembly module from a file (synchronously; call once per thread and keep the result).
 * @param url the `.wasm` file, e.g. `new URL('../wasm/kernels.wasm', import.meta.url)`
 */
export function compileWasmFile(url: URL): object {
  return new WebAssembly.Module(readFileSync(url));
}

/**
 * An instance of a kernels module that imports its memory (`--importMemory`), with a bump allocator over that
 * memory: the host lays out the kernels' arrays and passes their byte offsets; {@link reset} frees everything at
 * once. One per thread (instances are not shared).
 */
export class WasmHeap<Exports> {
  readonly exports: Exports;
  private readonly memory: WasmMemory;
  private top = HEAP_START;
  /** Allocations below this survive {@link reset} (data a kernel keeps between calls, see {@link keepBelow}). */
  private floor = HEAP_START;

  /**
   * @param module a compiled module (see {@link compileWasmFile})
   * @param padding bytes added after every allocation, for kernels whose vectors read or write past an array's
   *   end; default 0
   */
  constructor(
    module: object,
    private readonly padding = 0,
  ) {
    this.memory = new WebAssembly.Memory({ initial: 2 });
    this.exports = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as Exports;
  }

  /** Frees every allocation above the kept part (the memory itself stays, for the next call). */
  reset(): void {
    this.top = this.floor;
  }

  /**
   * Makes {@link reset} keep every allocation below byte offset `at` (default: none), so that one kernel's data
   * (the prior solver's kept probabilities) stays while other kernels use the memory above it; the memory is then
   * shared rather than doubled.
   */
  keepBelow(at = HEAP_START): void {
    this.floor = Math.max(HEAP_START, at);
  }

  /** Bytes allocated so far (the next {@link alloc} starts here). */
  get used(): number {
    return this.top;
  }

  /** Frees every allocation at or past byte offset `at` (a value {@link used} returned earlier). */
  resetTo(at: number): void {
    this.top = Math.max(this.floor, at);
  }

  /** Moves `bytes` bytes from byte offset `from` to `to` inside the memory (the ranges may overlap). */
  move(to: number, from: number, bytes: number): void {
    new Uint8Array(this.memory.buffer).copyWithin(to, from, from + bytes);
  }

  /** Byte offset of `bytes` fresh bytes aligned to 16, growing the memory when needed. */
  alloc(bytes: number): number {
    const at = this.top;
    this.top = (at + bytes + this.padding + 15) & ~15;
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

  u8(at: number, length: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, at, length);
  }
}
