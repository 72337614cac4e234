import { matrix, type Matrix } from '@gla/core';
import * as ort from 'onnxruntime-node';
import { float32ToFloat16 } from '@gla/core';
import { messages } from './messages.js';
import { ModelError } from './model-error.js';
import type { ModelManifest } from './model-manifest.js';
import { OnnxEncoder, type OnnxSessionOptions } from './onnx-encoder.js';
import { padRows } from './pad-rows.js';

/** Options of {@link OnnxImageEncoder.open}. */
export interface OnnxImageEncoderOptions extends OnnxSessionOptions {
  /** Images per inference call, default 32 (lowered to the model's fixed batch size if it has one). */
  batchSize?: number;
}

/** What an image tower needs to know about its model. */
export interface OnnxImageEncoderConfig {
  readonly file: string;
  readonly input: string;
  readonly output: string;
  /** Side of the square input in pixels. */
  readonly imageSize: number;
  /** Expected embedding width; undefined accepts the model's. */
  readonly embedDim?: number;
}

/**
 * CLIP image tower on ONNX Runtime: float32 NCHW pixels (already resized, cropped and
 * normalised by the caller) in, `[N, embedDim]` embeddings out, in batches.
 */
export class OnnxImageEncoder {
  private constructor(
    private readonly encoder: OnnxEncoder,
    readonly config: OnnxImageEncoderConfig,
    readonly batchSize: number,
    /** float16 exports take half-precision pixels; they are converted here. */
    private readonly halfInput: boolean,
  ) {}

  /** Floats per image: 3 * imageSize * imageSize. */
  get pixelsPerImage(): number {
    return 3 * this.config.imageSize * this.config.imageSize;
  }

  /** Path of the `.onnx` file. */
  get path(): string {
    return this.config.file;
  }

  /**
   * Opens the image tower and checks its names and declared input shape against `config`.
   * @throws ModelError `FILE_MISSING`, `NOT_ONNX`, `IO_NAMES` or `SHAPE` naming the file.
   */
  static async open(config: OnnxImageEncoderConfig, options: OnnxImageEncoderOptions = {}): Promise<OnnxImageEncoder> {
    const encoder = await OnnxEncoder.open(config.file, [config.input], config.output, options);
    const declared = encoder.inputShape(config.input);
    const wanted = [3, config.imageSize, config.imageSize];
    const mismatch =
      declared &&
      (declared.length !== 4 ||
        wanted.some((size, i) => typeof declared[i + 1] === 'number' && declared[i + 1] !== size));
    if (mismatch) {
      await encoder.close();
      throw new ModelError(
        messages.inputShape(config.file, config.input, declared, `[N, ${wanted.join(', ')}]`),
        'SHAPE',
        config.file,
      );
    }
    const halfInput = encoder.inputType(config.input) === 'float16';
    return new OnnxImageEncoder(encoder, config, encoder.batchLimit(options.batchSize ?? 32), halfInput);
  }

  /** Opens the image tower described by a loaded manifest. */
  static async fromManifest(manifest: ModelManifest, options: OnnxImageEncoderOptions = {}): Promise<OnnxImageEncoder> {
    const { file, input, output } = manifest.imageEncoder;
    return OnnxImageEncoder.open(
      { file, input, output, imageSize: manifest.preprocess.imageSize, embedDim: manifest.embedDim },
      options,
    );
  }

  /**
   * Embeds `count` images stored back to back in `pixels` ([count, 3, S, S] row-major),
   * running at most `batchSize` per call. Returns raw (not normalised) embeddings.
   * @throws ModelError `SHAPE` when `pixels` has the wrong length or the output is not [count, D].
   */
  async encode(pixels: Float32Array, count: number): Promise<Matrix<Float32Array>> {
    const per = this.pixelsPerImage;
    if (pixels.length !== count * per) {
      throw new ModelError(messages.pixelCount(this.path, pixels.length, count, per), 'SHAPE', this.path);
    }
    const parts: Float32Array[] = [];
    let dim = this.config.embedDim;
    for (let start = 0; start < count; start += this.batchSize) {
      const rows = Math.min(this.batchSize, count - start);
      const { imageSize: s } = this.config;
      // An export with a fixed batch size takes only full batches: the last one is padded, its padding dropped.
      const runRows = this.encoder.fixedBatch() ?? rows;
      const slice = padRows(pixels.subarray(start * per, (start + rows) * per), rows, per, runRows);
      const dims = [runRows, 3, s, s];
      const input = this.halfInput
        ? new ort.Tensor('float16', float32ToFloat16(slice), dims)
        : new ort.Tensor('float32', slice, dims);
      const out = await this.encoder.run({ [this.config.input]: input }, runRows, dim);
      dim = out.dim;
      parts.push(out.data.subarray(0, rows * out.dim));
    }
    const width = dim ?? 0;
    const data = new Float32Array(count * width);
    let offset = 0;
    for (const part of parts) {
      data.set(part, offset);
      offset += part.length;
    }
    return matrix(data, count, width);
  }

  /** Releases the runtime session. */
  async close(): Promise<void> {
    await this.encoder.close();
  }
}
