import { WasmHeap, compileWasmFile } from '@gla/core';

/** Exports of wasm/image-kernels.wasm (built from `assembly/` by `pnpm build:wasm`, committed). */
export interface ImageKernelExports {
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

/** The image kernels' instance of one thread (memory and allocator: core's {@link WasmHeap}). */
export type ImageKernels = WasmHeap<ImageKernelExports>;

// Vector loads and stores touch up to 16 bytes past an image's end.
const PADDING = 16;

let module: object | undefined;
let threadKernels: ImageKernels | undefined;

/** The calling thread's image kernels (the module is compiled once per thread, on first use). */
export function imageKernels(): ImageKernels {
  // wasm/ is the sibling of both src/ and dist/.
  module ??= compileWasmFile(new URL('../../wasm/image-kernels.wasm', import.meta.url));
  threadKernels ??= new WasmHeap<ImageKernelExports>(module, PADDING);
  return threadKernels;
}
