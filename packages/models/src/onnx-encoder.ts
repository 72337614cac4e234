import { stat } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { float16ToFloat32 } from '@gla/core';
import { messages } from './messages.js';
import { ModelError } from './model-error.js';
import { checkExecutionProvider } from './cuda-provider.js';

/**
 * An ONNX Runtime session around one encoder tower: opening with clear errors, input and
 * output name checks, and validated `[rows, dim]` float outputs.
 */

/** Session options shared by the image and text encoders. */
export interface OnnxSessionOptions {
  /**
   * ONNX Runtime execution provider, default 'cpu'; 'cuda' (`--device cuda`) needs onnxruntime-node's CUDA
   * binaries and is checked before the session opens (one-line `DEVICE` error when they are missing).
   */
  executionProvider?: string;
  /** Threads used inside one operator; default: ONNX Runtime's choice (all cores). */
  intraOpThreads?: number;
}

/** A declared input or output shape: numbers are fixed sizes, strings are symbolic, undefined unknown. */
export type DeclaredShape = ReadonlyArray<number | string> | undefined;

/**
 * Creates an inference session for `path`.
 * @throws ModelError `FILE_MISSING`, `NOT_ONNX` (the runtime cannot parse it) or `INFERENCE`.
 */
export async function openOnnxSession(path: string, options: OnnxSessionOptions = {}): Promise<ort.InferenceSession> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new ModelError(messages.fileMissing(path, 'ONNX model'), 'FILE_MISSING', path);
  const provider = options.executionProvider ?? 'cpu';
  checkExecutionProvider(provider);
  try {
    return await ort.InferenceSession.create(path, {
      executionProviders: [provider],
      ...(options.intraOpThreads ? { intraOpNumThreads: options.intraOpThreads } : {}),
    });
  } catch (error) {
    const text = firstLine((error as Error).message);
    if (provider === 'cuda' && /cuda|cudnn|cublas|providers_cuda/i.test(text))
      throw new ModelError(messages.cudaFailed(path, text), 'DEVICE', path);
    if (/protobuf parsing failed|no graph was found|invalid model|ModelProto/i.test(text)) {
      throw new ModelError(messages.notOnnx(path, text), 'NOT_ONNX', path);
    }
    throw new ModelError(messages.sessionFailed(path, text), 'INFERENCE', path);
  }
}

/** The first line of a runtime error, without ONNX Runtime's "Load model from <path> failed:" prefix. */
function firstLine(text: string): string {
  return text
    .split('\n')[0]
    .replace(/^Load model from .* failed:\s*/, '')
    .trim();
}

/** One encoder tower: feeds named inputs, reads one `[rows, dim]` output. */
export class OnnxEncoder {
  private constructor(
    readonly session: ort.InferenceSession,
    readonly path: string,
    readonly inputNames: readonly string[],
    readonly outputName: string,
  ) {}

  /**
   * Opens `path` and checks that the model's inputs are exactly `inputs` and that it has `output`.
   * @throws ModelError `IO_NAMES` listing the model's real input and output names.
   */
  static async open(
    path: string,
    inputs: readonly string[],
    output: string,
    options: OnnxSessionOptions = {},
  ): Promise<OnnxEncoder> {
    const session = await openOnnxSession(path, options);
    const real = session.inputNames;
    const missing = inputs.filter((name) => !real.includes(name));
    const unfed = real.filter((name) => !inputs.includes(name));
    if (missing.length > 0 || unfed.length > 0) {
      await session.release();
      throw new ModelError(messages.inputNames(path, inputs, real), 'IO_NAMES', path);
    }
    if (!session.outputNames.includes(output)) {
      await session.release();
      throw new ModelError(messages.outputName(path, output, session.outputNames), 'IO_NAMES', path);
    }
    return new OnnxEncoder(session, path, inputs, output);
  }

  /** The declared shape of an input, or undefined when the runtime does not report it. */
  inputShape(name: string): DeclaredShape {
    const meta = this.session.inputMetadata.find((m) => m.name === name);
    return meta?.isTensor && meta.shape.length > 0 ? meta.shape : undefined;
  }

  /** The declared element type of an input ('float32', 'int64', ...), or undefined. */
  inputType(name: string): string | undefined {
    const meta = this.session.inputMetadata.find((m) => m.name === name);
    return meta?.isTensor ? meta.type : undefined;
  }

  /** Largest batch the model accepts: its fixed leading dimension, else `preferred`. */
  batchLimit(preferred: number): number {
    return this.fixedBatch() ?? preferred;
  }

  /** The fixed leading dimension of an export made with a static batch size, or undefined when it is dynamic. */
  fixedBatch(): number | undefined {
    const first = this.inputShape(this.inputNames[0])?.[0];
    return typeof first === 'number' && first > 0 ? first : undefined;
  }

  /**
   * Runs the model and returns the output as float32 `[rows, dim]` values.
   * @param dim expected width, or undefined to accept any.
   * @throws ModelError `INFERENCE` (runtime failure, or a NaN/infinite output) or `SHAPE` (unexpected output shape).
   */
  async run(
    feeds: Record<string, ort.Tensor>,
    rows: number,
    dim: number | undefined,
  ): Promise<{ data: Float32Array; dim: number }> {
    let result: ort.InferenceSession.ReturnType;
    try {
      result = await this.session.run(feeds, [this.outputName]);
    } catch (error) {
      throw new ModelError(
        messages.inferenceFailed(this.path, firstLine((error as Error).message)),
        'INFERENCE',
        this.path,
      );
    }
    const tensor = result[this.outputName] as ort.Tensor;
    const dims = tensor.dims;
    if (dims.length !== 2 || dims[0] !== rows || (dim !== undefined && dims[1] !== dim)) {
      throw new ModelError(messages.outputShape(this.path, this.outputName, dims, rows, dim), 'SHAPE', this.path);
    }
    let data: Float32Array;
    if (tensor.type === 'float32') data = new Float32Array(tensor.data as Float32Array);
    else if (tensor.type === 'float16')
      data = float16ToFloat32(
        new Uint16Array((tensor.data as Uint16Array).buffer, (tensor.data as Uint16Array).byteOffset, tensor.size),
      );
    else throw new ModelError(messages.outputType(this.path, this.outputName, tensor.type), 'SHAPE', this.path);
    tensor.dispose();
    // A NaN or infinite embedding (damaged weights, an overflowing float16 export) would flow silently into
    // cached features and every accuracy computed from them.
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) {
        throw new ModelError(
          messages.outputNonFinite(this.path, this.outputName, data[i], Math.floor(i / dims[1]), i % dims[1]),
          'INFERENCE',
          this.path,
        );
      }
    }
    return { data, dim: dims[1] };
  }

  /** Releases the runtime session. */
  async close(): Promise<void> {
    await this.session.release();
  }
}
