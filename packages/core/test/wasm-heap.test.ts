import { describe, expect, it } from 'vitest';
import { WasmHeap, compileWasmFile } from '../src/wasm-heap.js';

const module = compileWasmFile(new URL('../wasm/kernels.wasm', import.meta.url));

describe('WasmHeap', () => {
  it('hands out 16-byte aligned blocks after the first page, padded as asked, and reset starts over', () => {
    const heap = new WasmHeap<object>(module, 16);
    const a = heap.alloc(3);
    const b = heap.alloc(40);
    expect(a).toBe(65536);
    // 3 bytes + 16 of padding, rounded up to 16.
    expect(b).toBe(65536 + 32);
    expect(b % 16).toBe(0);
    heap.reset();
    expect(heap.alloc(1)).toBe(65536);
  });

  it('grows its memory for a large block and keeps what was written before', () => {
    const heap = new WasmHeap<object>(module);
    const first = heap.alloc(8);
    heap.f64(first, 1)[0] = 1.25;
    const big = heap.alloc(5 * 65536 + 7);
    heap.u8(big, 5 * 65536 + 7).fill(9);
    expect(heap.f64(first, 1)[0]).toBe(1.25);
    expect(heap.u8(big + 5 * 65536 + 6, 1)[0]).toBe(9);
  });
});
