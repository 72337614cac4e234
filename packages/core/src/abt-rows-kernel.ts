import type { FloatArray } from './matrix.js';
import { typescriptProducts } from './matrix-products.js';

/** Rows of A per unit of work of the parallel A B^T (the pool gives each lane a contiguous run of units). */
export const PART_ROWS = 64;

/** Inputs and shared output of {@link abtRowParts}. */
export interface AbtPartArgs {
  a: FloatArray;
  b: FloatArray;
  n: number;
  d: number;
  k: number;
  /** n x k, shared. */
  out: Float64Array;
}

/** The pool kernel of `parallelProducts`: A B^T for the rows of parts [firstPart, endPart), in one call. */
export function abtRowParts(args: AbtPartArgs, firstPart: number, endPart: number): void {
  const { a, b, n, d, k, out } = args;
  const first = firstPart * PART_ROWS;
  const end = Math.min(n, endPart * PART_ROWS);
  if (end <= first) return;
  typescriptProducts.abt(a.subarray(first * d, end * d), b, end - first, d, k, out.subarray(first * k, end * k));
}
