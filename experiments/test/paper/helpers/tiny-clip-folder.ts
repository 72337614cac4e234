import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createRandom } from '@gla/core';
import { linearImageModel, textModel } from './tiny-onnx.js';

/** Sizes of the tiny test networks. */
export const TINY = { imageSize: 8, embedDim: 6, tokenDim: 4, vocab: 49408 } as const;

const randomArray = (n: number, seed: number) => {
  const random = createRandom(seed);
  return Float32Array.from({ length: n }, () => random.normal());
};

/**
 * A CLIP-shaped model folder (HF-style names, not CLIP): `vision_model.onnx`, `text_model.onnx`, a stand-in
 * `bpe_simple_vocab_16e6.txt.gz` with CLIP's merge count (words fall back to byte tokens) and `model.json`.
 * Returns the image tower's weight for direct computations.
 */
export function writeTinyClip(dir: string, seed = 3): { manifest: string; imageWeight: Float32Array } {
  mkdirSync(dir, { recursive: true });
  const { imageSize, embedDim, tokenDim, vocab } = TINY;
  const imageWeight = randomArray(3 * imageSize * imageSize * embedDim, seed);
  writeFileSync(
    join(dir, 'vision_model.onnx'),
    linearImageModel(imageSize, imageWeight, embedDim, 'pixel_values', 'image_embeds'),
  );
  writeFileSync(
    join(dir, 'text_model.onnx'),
    textModel(
      randomArray(vocab * tokenDim, seed + 1),
      vocab,
      tokenDim,
      randomArray(tokenDim * embedDim, seed + 2),
      embedDim,
    ),
  );
  // 48894 merges of tokens that never occur in prompts: BPE leaves byte tokens, ids stay below 49408.
  const merges = [
    "#version: test stand-in, not CLIP's vocabulary",
    ...Array.from({ length: 48894 }, (_, i) => `q${i} z`),
  ];
  writeFileSync(join(dir, 'bpe_simple_vocab_16e6.txt.gz'), gzipSync(`${merges.join('\n')}\n`));
  const manifest = {
    schemaVersion: 1,
    name: 'tiny test towers (not CLIP)',
    imageEncoder: { file: 'vision_model.onnx', input: 'pixel_values', output: 'image_embeds' },
    textEncoder: { file: 'text_model.onnx', input: 'input_ids', output: 'text_embeds', tokenDtype: 'int64' },
    preprocess: {
      imageSize,
      resizeMode: 'shorter-side-center-crop',
      interpolation: 'bicubic',
      mean: [0.48145466, 0.4578275, 0.40821073],
      std: [0.26862954, 0.26130258, 0.27577711],
    },
    tokenizer: { type: 'clip-bpe', vocab: 'bpe_simple_vocab_16e6.txt.gz', contextLength: 77 },
    logitScale: 100,
    embedDim,
  };
  const path = join(dir, 'model.json');
  writeFileSync(path, JSON.stringify(manifest, null, 2));
  return { manifest: path, imageWeight };
}

/** An end-to-end "fine-tuned" classifier with the same preprocessing: pixels -> K logits (one MatMul). */
export function writeTinyClassifier(path: string, classes: number, seed: number): Float32Array {
  const weight = randomArray(3 * TINY.imageSize * TINY.imageSize * classes, seed);
  writeFileSync(path, linearImageModel(TINY.imageSize, weight, classes, 'pixel_values', 'logits'));
  return weight;
}
