import type { MatrixProductKind } from './matrix-product-graph.js';

/** Slots of the shared Int32 control array between `OnnxMatrixProducts` and its worker. */
export const PRODUCT_CONTROL = {
  /** Set to 1 by the worker once its reply (or start-up report) is on the port. */
  DONE: 0,
  SIZE: 1,
} as const;

/** One product request; the operand buffers are transferred (moved, not copied) to the worker and back. */
export interface ProductRequest {
  kind: MatrixProductKind;
  a: Float32Array;
  aDims: [number, number];
  b: Float32Array;
  bDims: [number, number];
  /** Where the product goes (transferred too, so that it is reused instead of reallocated). */
  out: Float32Array;
  /** a * b^T is computed in slices of this many rows of a: small outputs keep onnxruntime fast. */
  sliceRows: number;
}

/** The worker's answer: the operand buffers handed back, and the product or an error. */
export interface ProductReply {
  a?: Float32Array;
  b?: Float32Array;
  out?: Float32Array;
  error?: string;
}
