import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { imageTowerOnnx, textTowerOnnx, type TinyTowers } from './tiny-clip.js';

/** The manifest of a tiny test model folder (HF-style names; not CLIP). */
export function tinyManifestJson(t: TinyTowers) {
  return {
    schemaVersion: 1,
    name: 'tiny test towers (not CLIP)',
    imageEncoder: { file: 'vision_model.onnx', input: 'pixel_values', output: 'image_embeds' },
    textEncoder: { file: 'text_model.onnx', input: 'input_ids', output: 'text_embeds', tokenDtype: 'int64' },
    preprocess: {
      imageSize: t.imageSize,
      resizeMode: 'shorter-side-center-crop',
      interpolation: 'bicubic',
      mean: [0.5, 0.5, 0.5],
      std: [0.25, 0.25, 0.25],
    },
    tokenizer: { type: 'clip-bpe', vocab: 'bpe_simple_vocab_16e6.txt.gz', contextLength: 77 },
    logitScale: 100,
    embedDim: t.embedDim,
  };
}

/** Writes the tiny towers and their `model.json` into `dir`; returns the manifest path. */
export async function writeTinyModelDir(dir: string, t: TinyTowers): Promise<string> {
  await writeFile(join(dir, 'vision_model.onnx'), imageTowerOnnx(t).model);
  await writeFile(join(dir, 'text_model.onnx'), textTowerOnnx(t));
  const path = join(dir, 'model.json');
  await writeFile(path, JSON.stringify(tinyManifestJson(t), null, 2));
  return path;
}
