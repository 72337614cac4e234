import { sandwichPanelsWasm } from './sandwich-diagonal-wasm.js';

/** Inputs and shared output of {@link sandwichDiagonalBlocks}: block b is one panel of `panel` (even) columns. */
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
 * Block b's panel: blocks alternate between the first and the last remaining panels (0, P - 1, 1, P - 2, ...), so
 * that each lane's contiguous share of blocks mixes panels near column 0 (whose forward substitution runs over
 * every row) with cheap ones near column k.
 */
export function panelOfBlock(block: number, panels: number): number {
  return block % 2 === 0 ? block / 2 : panels - 1 - (block - 1) / 2;
}

/**
 * Pool kernel: the panels of blocks [firstBlock, endBlock) of `sandwichDiagonal` (in the WebAssembly kernel, see
 * {@link panelOfBlock}). Each column is computed alone from the inputs, so the result is byte-identical for any
 * number of threads.
 */
export function sandwichDiagonalBlocks(args: SandwichDiagonalBlockArgs, firstBlock: number, endBlock: number): void {
  const { factor, scores, k, out } = args;
  const panel = (args.panel + 1) & ~1; // the kernel's panels are even
  const panels = Math.ceil(k / panel);
  const starts: number[] = [];
  for (let block = firstBlock; block < Math.min(endBlock, panels); block++)
    starts.push(panelOfBlock(block, panels) * panel);
  if (starts.length === 0) return;
  sandwichPanelsWasm(factor, scores, k, starts, panel, (j0, values) =>
    out.set(values.subarray(0, Math.min(panel, k - j0)), j0),
  );
}
