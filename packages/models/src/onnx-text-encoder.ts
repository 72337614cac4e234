import { matrix, type Matrix } from '@gla/core';
import * as ort from 'onnxruntime-node';
import type { TokenBatch, TokenDtype } from './clip-tokenizer.js';
import { messages } from './messages.js';
import { ModelError } from './model-error.js';
import type { ModelManifest } from './model-manifest.js';
import { OnnxEncoder, type OnnxSessionOptions } from './onnx-encoder.js';
import { padRows } from './pad-rows.js';

/** Options of {@link OnnxTextEncoder.open}. */
export interface OnnxTextEncoderOptions extends OnnxSessionOptions {
  /** Texts per inference call, default 256 (lowered to the model's fixed batch size if it has one). */
  batchSize?: number;
}

/** What a text tower needs to know about its model. */
export interface OnnxTextEncoderConfig {
  readonly file: string;
  readonly input: string;
  readonly output: string;
  /** Token element type the model takes. */
  readonly tokenDtype: TokenDtype;
  /** Positions per text (CLIP: 77). */
  readonly contextLength: number;
  /** Optional attention-mask input, fed 1 for non-padding tokens. */
  readonly attentionMask?: string;
  readonly embedDim?: number;
}

/** CLIP text tower on ONNX Runtime: token tables in, `[N, embedDim]` embeddings out, in batches. */
export class OnnxTextEncoder {
  private constructor(
    private readonly encoder: OnnxEncoder,
    readonly config: OnnxTextEncoderConfig,
    readonly batchSize: number,
  ) {}

  /** Path of the `.onnx` file. */
  get path(): string {
    return this.config.file;
  }

  /** Token positions per text. */
  get contextLength(): number {
    return this.config.contextLength;
  }

  /** Token element type the model takes. */
  get tokenDtype(): TokenDtype {
    return this.config.tokenDtype;
  }

  /**
   * Opens the text tower and checks names, token type and context length.
   * @throws ModelError `FILE_MISSING`, `NOT_ONNX`, `IO_NAMES` or `SHAPE` naming the file.
   */
  static async open(config: OnnxTextEncoderConfig, options: OnnxTextEncoderOptions = {}): Promise<OnnxTextEncoder> {
    const inputs = config.attentionMask ? [config.input, config.attentionMask] : [config.input];
    const encoder = await OnnxEncoder.open(config.file, inputs, config.output, options);
    const type = encoder.inputType(config.input);
    const declared = encoder.inputShape(config.input);
    let problem: string | undefined;
    if (type !== undefined && type !== config.tokenDtype)
      problem = messages.tokenType(config.file, config.input, type, config.tokenDtype);
    else if (
      declared &&
      (declared.length !== 2 || (typeof declared[1] === 'number' && declared[1] !== config.contextLength))
    ) {
      problem = messages.inputShape(config.file, config.input, declared, `[N, ${config.contextLength}]`);
    }
    if (problem) {
      await encoder.close();
      throw new ModelError(problem, 'SHAPE', config.file);
    }
    return new OnnxTextEncoder(encoder, config, encoder.batchLimit(options.batchSize ?? 256));
  }

  /** Opens the text tower described by a loaded manifest. */
  static async fromManifest(manifest: ModelManifest, options: OnnxTextEncoderOptions = {}): Promise<OnnxTextEncoder> {
    const t = manifest.textEncoder;
    return OnnxTextEncoder.open(
      { ...t, contextLength: manifest.tokenizer.contextLength, embedDim: manifest.embedDim },
      options,
    );
  }

  /**
   * Embeds every row of `tokens`. Returns raw (not normalised) embeddings, one row per text.
   * @throws ModelError `SHAPE` when the token table's type or width does not match the model.
   */
  async encode(tokens: TokenBatch): Promise<Matrix<Float32Array>> {
    const { contextLength: cols, tokenDtype } = this.config;
    if (tokens.cols !== cols || tokens.dtype !== tokenDtype) {
      throw new ModelError(
        messages.tokenBatch(this.path, tokens.dtype, tokens.cols, tokenDtype, cols),
        'SHAPE',
        this.path,
      );
    }
    const parts: Float32Array[] = [];
    let dim = this.config.embedDim;
    for (let start = 0; start < tokens.rows; start += this.batchSize) {
      const rows = Math.min(this.batchSize, tokens.rows - start);
      // An export with a fixed batch size takes only full batches: the last one is padded, its padding dropped.
      const runRows = this.encoder.fixedBatch() ?? rows;
      const ids = padRows(tokens.data.subarray(start * cols, (start + rows) * cols), rows, cols, runRows);
      const feeds: Record<string, ort.Tensor> = {
        [this.config.input]: new ort.Tensor(tokenDtype, ids, [runRows, cols]),
      };
      if (this.config.attentionMask) feeds[this.config.attentionMask] = maskOf(ids, tokenDtype, runRows, cols);
      const out = await this.encoder.run(feeds, runRows, dim);
      dim = out.dim;
      parts.push(out.data.subarray(0, rows * out.dim));
    }
    const width = dim ?? 0;
    const data = new Float32Array(tokens.rows * width);
    let offset = 0;
    for (const part of parts) {
      data.set(part, offset);
      offset += part.length;
    }
    return matrix(data, tokens.rows, width);
  }

  /** Releases the runtime session. */
  async close(): Promise<void> {
    await this.encoder.close();
  }
}

/** 1 where a token is present, 0 on padding (id 0), in the token table's integer type. */
function maskOf(ids: Int32Array | BigInt64Array, dtype: TokenDtype, rows: number, cols: number): ort.Tensor {
  if (ids instanceof BigInt64Array)
    return new ort.Tensor(
      'int64',
      ids.map((id) => (id !== 0n ? 1n : 0n)),
      [rows, cols],
    );
  return new ort.Tensor(
    dtype,
    ids.map((id) => (id !== 0 ? 1 : 0)),
    [rows, cols],
  );
}
