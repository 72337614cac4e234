import { sandwichDiagonalWasm } from './sandwich-diagonal-wasm.js';

/** Inputs and shared output of {@link sandwichDiagonalBlocks}: block b is columns [b panel, (b + 1) panel). */
export interface SandwichDiagonalBlockArgs {
  /** Cholesky factor of A, k x k row-major (shared). */
  factor: Float64Array;
  /** Symmetric S, k x k row-major (shared). */
  scores: Float64Array;
  k: number;
  panel: number;
  /** k entries: (A^-1 S A^-1)_jj (shared). */
  out: Float64Array;
}

/**
 * Pool kernel: the panels [firstBlock, endBlock) of `sandwichDiagonal` (in the WebAssembly kernel). Each column is computed alone from
 * the inputs, so the result is byte-identical for any number of threads.
 */
export function sandwichDiagonalBlocks(args: SandwichDiagonalBlockArgs, firstBlock: number, endBlock: number): void {
  const { factor, scores, k, panel, out } = args;
  const from = Math.min(firstBlock * panel, k);
  const to = Math.min(endBlock * panel, k);
  if (from >= to) return;
  out.set(sandwichDiagonalWasm(factor, scores, k, from, to, panel), from);
}
