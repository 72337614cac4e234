import { OnnxAttributeType, OnnxDataType, encodeOnnxModel, type OnnxValueInfo } from './onnx-model-proto.js';

/** The two products linear heads need (see core's `MatrixProducts`). */
export type MatrixProductKind = 'abt' | 'atb';

/** Graph input and output names of {@link matrixProductGraph}. */
export const MATRIX_PRODUCT_IO = { a: 'a', b: 'b', out: 'out' } as const;

function matrixInfo(name: string, rows: string, cols: string): OnnxValueInfo {
  return {
    name,
    type: { tensorType: { elemType: OnnxDataType.FLOAT, shape: { dim: [{ dimParam: rows }, { dimParam: cols }] } } },
  };
}

/**
 * A one-node ONNX model (IR 8, opset 13) computing a float32 matrix product with symbolic sizes, so that
 * onnxruntime's optimised GEMM does the work: 'abt' is `out[n, k] = a[n, d] * b[k, d]^T` (Gemm transB = 1),
 * 'atb' is `out[k, d] = a[n, k]^T * b[n, d]` (Gemm transA = 1). Built in code: nothing to ship or download.
 */
export function matrixProductGraph(kind: MatrixProductKind): Uint8Array {
  const abt = kind === 'abt';
  const attribute = [{ name: abt ? 'transB' : 'transA', type: OnnxAttributeType.INT, i: 1 }];
  return encodeOnnxModel({
    irVersion: 8,
    producerName: 'gla-models',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: `matrix-product-${kind}`,
      node: [
        {
          opType: 'Gemm',
          name: 'product',
          input: [MATRIX_PRODUCT_IO.a, MATRIX_PRODUCT_IO.b],
          output: [MATRIX_PRODUCT_IO.out],
          attribute,
        },
      ],
      input: abt
        ? [matrixInfo(MATRIX_PRODUCT_IO.a, 'n', 'd'), matrixInfo(MATRIX_PRODUCT_IO.b, 'k', 'd')]
        : [matrixInfo(MATRIX_PRODUCT_IO.a, 'n', 'k'), matrixInfo(MATRIX_PRODUCT_IO.b, 'n', 'd')],
      output: [abt ? matrixInfo(MATRIX_PRODUCT_IO.out, 'n', 'k') : matrixInfo(MATRIX_PRODUCT_IO.out, 'k', 'd')],
    },
  });
}
