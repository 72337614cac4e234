import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { FloatArray, MatrixProducts } from '@gla/core';
import { PRODUCT_CONTROL, type ProductReply, type ProductRequest } from './onnx-products-protocol.js';

/** Options of {@link OnnxMatrixProducts.open}. */
export interface OnnxMatrixProductsOptions {
  /** onnxruntime intra-op threads; default: onnxruntime's choice (all cores). */
  intraOpThreads?: number;
  /** How long to wait for onnxruntime to start, in ms; default 60,000. */
  startTimeoutMs?: number;
  /** Rows of `a` per onnxruntime call in a * b^T (keeps outputs small, which onnxruntime runs faster); default 256. */
  sliceRows?: number;
}

/**
 * core's `MatrixProducts` on onnxruntime's CPU GEMM (float32, multi-threaded, SIMD): a * b^T and a^T * b through
 * two one-node ONNX graphs built in code ({@link matrixProductGraph}). The interface is synchronous, while
 * onnxruntime-node only runs asynchronously, so the sessions live in a worker thread and this thread waits on a
 * shared control array (Atomics.wait) for each product. Operands are rounded to float32 into buffers that are
 * moved to the worker and back without copying (onnxruntime-node rejects SharedArrayBuffer tensors);
 * onnxruntime accumulates in float32; results are widened to float64.
 * Call {@link close} when done (the worker is unref'd, so a forgotten one does not keep the process alive).
 */
export class OnnxMatrixProducts implements MatrixProducts {
  private readonly buffers: Record<'a' | 'b' | 'out', Float32Array> = {
    a: new Float32Array(0),
    b: new Float32Array(0),
    out: new Float32Array(0),
  };
  private closed = false;

  private constructor(
    // biome-ignore lint/correctness/noUnusedPrivateClassMembers: keeps the worker reachable while the products live
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly control: Int32Array,
    private readonly sliceRows: number,
  ) {}

  /**
   * Starts the worker and its two onnxruntime sessions, waiting until they are ready.
   * @throws Error when the compiled worker module is missing or onnxruntime fails to start
   */
  static open(options: OnnxMatrixProductsOptions = {}): OnnxMatrixProducts {
    const control = new Int32Array(new SharedArrayBuffer(PRODUCT_CONTROL.SIZE * 4));
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(workerUrl(), {
      workerData: { control, port: port2, intraOpThreads: options.intraOpThreads },
      transferList: [port2],
    });
    worker.unref();
    port1.unref();
    const products = new OnnxMatrixProducts(worker, port1, control, options.sliceRows ?? 256);
    try {
      products.wait('start', options.startTimeoutMs ?? 60_000);
    } catch (error) {
      void worker.terminate();
      throw error;
    }
    return products;
  }

  abt(a: FloatArray, b: FloatArray, n: number, d: number, k: number, out: Float64Array): void {
    this.product({ kind: 'abt', aDims: [n, d], bDims: [k, d] }, a, b, n * k, out);
  }

  atb(a: FloatArray, b: FloatArray, n: number, k: number, d: number, out: Float64Array): void {
    this.product({ kind: 'atb', aDims: [n, k], bDims: [n, d] }, a, b, k * d, out);
  }

  /** Stops the worker and its sessions. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.port.postMessage({ stop: true });
  }

  private product(
    shape: Pick<ProductRequest, 'kind' | 'aDims' | 'bDims'>,
    a: FloatArray,
    b: FloatArray,
    outSize: number,
    out: Float64Array,
  ): void {
    if (this.closed) throw new Error('OnnxMatrixProducts: used after close');
    const aSize = shape.aDims[0] * shape.aDims[1];
    const bSize = shape.bDims[0] * shape.bDims[1];
    if (a.length < aSize || b.length < bSize || out.length < outSize) {
      throw new RangeError(
        `OnnxMatrixProducts.${shape.kind}: operands too short for ${shape.aDims.join(' x ')} and ${shape.bDims.join(' x ')}`,
      );
    }
    if (outSize === 0) return;
    if (aSize === 0 || bSize === 0) {
      // An empty inner dimension: the product is all zeros (onnxruntime rejects zero-sized GEMM inputs on some builds).
      out.fill(0, 0, outSize);
      return;
    }
    const request: ProductRequest = {
      ...shape,
      a: this.stage('a', a, aSize),
      b: this.stage('b', b, bSize),
      out: this.stage('out', undefined, outSize),
      sliceRows: this.sliceRows,
    };
    Atomics.store(this.control, PRODUCT_CONTROL.DONE, 0);
    this.port.postMessage(
      request,
      [request.a, request.b, request.out].map((x) => x.buffer as ArrayBuffer),
    );
    const result = this.wait(shape.kind, Infinity).out as Float32Array;
    for (let i = 0; i < outSize; i++) out[i] = result[i];
  }

  /** `values` rounded to float32 in a transferable buffer (the last one, when it came back large enough). */
  private stage(name: 'a' | 'b' | 'out', values: FloatArray | undefined, size: number): Float32Array {
    let buffer = this.buffers[name];
    if (buffer.length < size) buffer = new Float32Array(Math.ceil(size * 1.25));
    this.buffers[name] = new Float32Array(0); // moved to the worker until its reply
    const view = buffer.subarray(0, size);
    if (values instanceof Float32Array) view.set(values.subarray(0, size));
    else if (values) for (let i = 0; i < size; i++) view[i] = values[i];
    return view;
  }

  /** Waits for the worker's reply, takes the operand buffers back, and throws its error if it sent one. */
  private wait(what: string, timeoutMs: number): ProductReply {
    const deadline = Date.now() + timeoutMs;
    while (Atomics.load(this.control, PRODUCT_CONTROL.DONE) === 0) {
      if (Date.now() > deadline)
        throw new Error(`OnnxMatrixProducts: onnxruntime did not ${what} within ${timeoutMs / 1000} s`);
      Atomics.wait(this.control, PRODUCT_CONTROL.DONE, 0, Math.min(1000, timeoutMs));
    }
    const reply = (receiveMessageOnPort(this.port)?.message ?? { error: 'no reply from the worker' }) as ProductReply;
    if (reply.a) this.buffers.a = new Float32Array(reply.a.buffer);
    if (reply.b) this.buffers.b = new Float32Array(reply.b.buffer);
    if (reply.out) this.buffers.out = new Float32Array(reply.out.buffer);
    if (reply.error !== undefined) throw new Error(`OnnxMatrixProducts ${what} failed: ${reply.error}`);
    return reply;
  }
}

/** The compiled worker: next to this module in dist/, or dist/ itself when this module runs from src/ in tests. */
function workerUrl(): URL {
  const sibling = new URL('./onnx-products-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  const built = new URL('../dist/onnx-products-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  throw new Error(
    `OnnxMatrixProducts: worker module not found at ${fileURLToPath(sibling)} or ${fileURLToPath(built)}; build @gla/models first`,
  );
}
