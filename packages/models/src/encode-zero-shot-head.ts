import { matrix, type Matrix } from '@gla/core';
import type { ClipTokenizer, TokenBatch, TokenDtype } from './clip-tokenizer.js';
import { fillTemplate } from './prompt-template.js';
import { buildZeroShotHead } from './zero-shot-head.js';

/** What head building needs from a text encoder ({@link OnnxTextEncoder} fits). */
export interface TextEmbedder {
  readonly contextLength: number;
  readonly tokenDtype: TokenDtype;
  encode(tokens: TokenBatch): Promise<Matrix<Float32Array>>;
}

/** Options of {@link encodeZeroShotHead}. */
export interface EncodeZeroShotHeadOptions {
  classNames: readonly string[];
  /** Templates with a `{}` or `{c}` placeholder (e.g. CLIP's 80 ImageNet templates). */
  templates: readonly string[];
  tokenizer: ClipTokenizer;
  encoder: TextEmbedder;
  /** Prompts per encoder call, default 512 (rounded to whole classes). */
  promptsPerCall?: number;
  /** Called after each call with classes done and total. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Encodes every (class, template) prompt with the text tower and builds the `[classes, D]`
 * zero-shot head with {@link buildZeroShotHead} (per-template L2 normalisation, mean, L2).
 */
export async function encodeZeroShotHead(options: EncodeZeroShotHeadOptions): Promise<Matrix<Float32Array>> {
  const { classNames, templates, tokenizer, encoder } = options;
  const classesPerCall = Math.max(1, Math.floor((options.promptsPerCall ?? 512) / templates.length));
  const perClass: Matrix<Float32Array>[] = [];
  for (let start = 0; start < classNames.length; start += classesPerCall) {
    const group = classNames.slice(start, start + classesPerCall);
    const prompts = group.flatMap((name) => templates.map((template) => fillTemplate(template, name)));
    const tokens = tokenizer.tokenize(prompts, { contextLength: encoder.contextLength, dtype: encoder.tokenDtype });
    const embedded = await encoder.encode(tokens);
    const d = embedded.cols;
    group.forEach((_, g) => {
      const rows = embedded.data.slice(g * templates.length * d, (g + 1) * templates.length * d);
      perClass.push(matrix(rows, templates.length, d));
    });
    options.onProgress?.(Math.min(start + classesPerCall, classNames.length), classNames.length);
  }
  return buildZeroShotHead(perClass);
}
