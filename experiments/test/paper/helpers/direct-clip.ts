import { clipPreprocess } from '@gla/datasets';
import { ClipTokenizer } from '@gla/models';
import { createRandom } from '@gla/core';
import { TINY } from './tiny-clip-folder.js';

const { imageSize, embedDim, tokenDim, vocab } = TINY;
const MEAN = [0.48145466, 0.4578275, 0.40821073];
const STD = [0.26862954, 0.26130258, 0.27577711];

/** pixels (CLIP preprocessing at the tiny size) times a [3 S S, width] weight: what the tiny networks compute. */
export async function directLinear(path: string, weight: Float32Array, width: number): Promise<Float64Array> {
  const x = await clipPreprocess(path, { size: imageSize, mean: MEAN, std: STD });
  const out = new Float64Array(width);
  for (let d = 0; d < width; d++) for (let p = 0; p < x.length; p++) out[d] += x[p] * weight[p * width + d];
  return out;
}

const unit = (v: Float64Array) => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};

/**
 * The zero-shot head of the tiny text tower computed directly: per class, each template's prompt is tokenised,
 * its token embeddings averaged over the 77 positions and projected, L2-normalised; the mean is renormalised.
 */
export async function directHead(
  vocabFile: string,
  classNames: string[],
  templates: string[],
  seed = 3,
): Promise<Float64Array[]> {
  const random = (n: number, s: number) => {
    const r = createRandom(s);
    return Float32Array.from({ length: n }, () => r.normal());
  };
  const table = random(vocab * tokenDim, seed + 1);
  const projection = random(tokenDim * embedDim, seed + 2);
  const tokenizer = await ClipTokenizer.fromFile(vocabFile);
  return classNames.map((name) => {
    const prompts = templates.map((t) => t.replace('{}', name.replace(/_/g, ' ')));
    const ids = tokenizer.tokenize(prompts, { contextLength: 77, dtype: 'int32' }).data as Int32Array;
    const sum = new Float64Array(embedDim);
    prompts.forEach((_, p) => {
      const pooled = new Float64Array(tokenDim);
      for (let t = 0; t < 77; t++)
        for (let e = 0; e < tokenDim; e++) pooled[e] += table[ids[p * 77 + t] * tokenDim + e] / 77;
      const embed = new Float64Array(embedDim);
      for (let d = 0; d < embedDim; d++)
        for (let e = 0; e < tokenDim; e++) embed[d] += pooled[e] * projection[e * embedDim + d];
      unit(embed).forEach((v, d) => (sum[d] += v));
    });
    return unit(sum);
  });
}

/** 100 x cosine of a feature with each class embedding. */
export function directZeroShot(feature: Float64Array, head: Float64Array[]): number[] {
  const f = unit(feature);
  return head.map((h) => 100 * h.reduce((s, v, d) => s + v * f[d], 0));
}
