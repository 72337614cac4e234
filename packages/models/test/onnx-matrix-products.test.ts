import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matrix, trainLinearHead, typescriptProducts } from '@gla/core';
import { OnnxMatrixProducts } from '../src/onnx-matrix-products.js';
import { decodeOnnxModel } from '../src/onnx-model-proto.js';
import { matrixProductGraph } from '../src/matrix-product-graph.js';
import { randomArray, seededRandom } from './helpers/tiny-clip.js';

// The products run in a worker thread on the compiled module (dist/): `pnpm build` first (turbo does it).
let products: OnnxMatrixProducts;

beforeAll(() => {
  products = OnnxMatrixProducts.open({ sliceRows: 7 });
});

afterAll(() => products.close());

function maxDifference(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe('matrix products on onnxruntime', () => {
  it('builds one-node Gemm graphs with symbolic sizes', () => {
    const model = decodeOnnxModel(matrixProductGraph('abt'));
    expect(model.graph?.node?.map((n) => n.opType)).toEqual(['Gemm']);
    expect(model.graph?.input?.map((i) => i.type?.tensorType?.shape?.dim?.map((d) => d.dimParam))).toEqual([
      ['n', 'd'],
      ['k', 'd'],
    ]);
  });

  it('a b^T and a^T b agree with the TypeScript kernel (float32 rounding), over several slices of rows', () => {
    const random = seededRandom(3);
    const [n, d, k] = [37, 19, 11];
    const a = Float64Array.from(randomArray(n * d, random));
    const b = Float64Array.from(randomArray(k * d, random));
    const out = new Float64Array(n * k);
    const expected = new Float64Array(n * k);
    products.abt(a, b, n, d, k, out);
    typescriptProducts.abt(a, b, n, d, k, expected);
    expect(maxDifference(out, expected)).toBeLessThan(1e-5);
    const g = Float64Array.from(randomArray(n * k, random));
    const grad = new Float64Array(k * d);
    const expectedGrad = new Float64Array(k * d);
    products.atb(g, a, n, k, d, grad);
    typescriptProducts.atb(g, a, n, k, d, expectedGrad);
    expect(maxDifference(grad, expectedGrad)).toBeLessThan(1e-5);
    // Float32 inputs, a smaller call after a larger one (reused buffers), and an empty inner dimension.
    const small = new Float64Array(2 * 3);
    const expectedSmall = new Float64Array(2 * 3);
    products.abt(Float32Array.from(a.subarray(0, 2 * d)), b.subarray(0, 3 * d), 2, d, 3, small);
    typescriptProducts.abt(a.subarray(0, 2 * d), b.subarray(0, 3 * d), 2, d, 3, expectedSmall);
    expect(maxDifference(small, expectedSmall)).toBeLessThan(1e-5);
    const empty = new Float64Array(4).fill(7);
    products.abt(new Float64Array(0), new Float64Array(0), 2, 0, 2, empty);
    expect(Array.from(empty)).toEqual([0, 0, 0, 0]);
  });

  it('trains the same linear head as the TypeScript kernel', () => {
    const random = seededRandom(9);
    const [n, d, k] = [120, 6, 4];
    const features = matrix(randomArray(n * d, random), n, d);
    const labels = Int32Array.from({ length: n }, (_, i) => i % k);
    const options = { classes: k, weightDecay: 1e-2, maxIterations: 50 };
    const onnx = trainLinearHead(features, labels, { ...options, products });
    const plain = trainLinearHead(features, labels, options);
    expect(onnx.loss).toBeCloseTo(plain.loss, 5);
    expect(maxDifference(onnx.head.weights.data, plain.head.weights.data)).toBeLessThan(1e-3);
  });

  it('rejects operands that are too short, and use after close', () => {
    expect(() => products.abt(new Float64Array(3), new Float64Array(4), 2, 2, 2, new Float64Array(4))).toThrow(
      RangeError,
    );
    const closed = OnnxMatrixProducts.open();
    closed.close();
    expect(() => closed.abt(new Float64Array(4), new Float64Array(4), 2, 2, 2, new Float64Array(4))).toThrow(
      /after close/,
    );
  });
});
