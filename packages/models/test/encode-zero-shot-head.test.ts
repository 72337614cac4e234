import { beforeAll, describe, expect, it } from 'vitest';
import { encodeZeroShotHead } from '../src/encode-zero-shot-head.js';
import { loadModelManifest, type ModelManifest } from '../src/model-manifest.js';
import { OnnxImageEncoder } from '../src/onnx-image-encoder.js';
import { OnnxTextEncoder } from '../src/onnx-text-encoder.js';
import { fillTemplate } from '../src/prompt-template.js';
import { zeroShotLogits } from '../src/zero-shot-logits.js';
import { tempDir } from './helpers/temp-dir.js';
import { imageTowerReference, randomArray, seededRandom, textTowerReference, tinyTowers } from './helpers/tiny-clip.js';
import { writeTinyModelDir } from './helpers/tiny-model-dir.js';
import { toyTokenizer } from './helpers/tiny-tokenizer.js';

const towers = tinyTowers(31);
const tokenizer = toyTokenizer();
const classNames = ['cat', 'dog', 'hello', 'photo'];
const templates = ['a photo of a {}.', '{} {}', 'the {c} of dog'];
let manifest: ModelManifest;

/** The head computed directly: reference text tower, then normalise / average / normalise. */
function referenceHead(): Float64Array {
  const d = towers.embedDim;
  const head = new Float64Array(classNames.length * d);
  classNames.forEach((name, c) => {
    const prompts = templates.map((t) => fillTemplate(t, name));
    const tokens = tokenizer.tokenize(prompts);
    const emb = textTowerReference(towers, tokens.data, prompts.length);
    const mean = new Float64Array(d);
    for (let r = 0; r < prompts.length; r++) {
      const row = emb.subarray(r * d, (r + 1) * d);
      const norm = Math.hypot(...row);
      row.forEach((v, t) => (mean[t] += v / norm));
    }
    const norm = Math.hypot(...mean);
    mean.forEach((v, t) => (head[c * d + t] = v / norm));
  });
  return head;
}

beforeAll(async () => {
  manifest = await loadModelManifest(await writeTinyModelDir(await tempDir(), towers));
});

describe('encodeZeroShotHead with the tiny text tower', () => {
  it('matches the direct computation, whatever the number of prompts per call', async () => {
    const encoder = await OnnxTextEncoder.fromManifest(manifest);
    const expected = referenceHead();
    const progress: number[] = [];
    for (const promptsPerCall of [1, 7, 512]) {
      const head = await encodeZeroShotHead({
        classNames,
        templates,
        tokenizer,
        encoder,
        promptsPerCall,
        onProgress: (done) => progress.push(done),
      });
      expect([head.rows, head.cols]).toEqual([classNames.length, towers.embedDim]);
      head.data.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    }
    await encoder.close();
    expect(progress.slice(0, 4)).toEqual([1, 2, 3, 4]);
  });

  it('gives logits equal to 100 x cosine against the reference features and head', async () => {
    const text = await OnnxTextEncoder.fromManifest(manifest);
    const image = await OnnxImageEncoder.fromManifest(manifest);
    const head = await encodeZeroShotHead({ classNames, templates, tokenizer, encoder: text });
    const n = 5;
    const pixels = randomArray(n * image.pixelsPerImage, seededRandom(9));
    const logits = zeroShotLogits(await image.encode(pixels, n), head, manifest.logitScale);
    await Promise.all([text.close(), image.close()]);
    const features = imageTowerReference(towers, pixels, n);
    const refHead = referenceHead();
    const d = towers.embedDim;
    for (let i = 0; i < n; i++) {
      const x = features.subarray(i * d, (i + 1) * d);
      for (let c = 0; c < classNames.length; c++) {
        const w = refHead.subarray(c * d, (c + 1) * d);
        const cos = x.reduce((s, v, t) => s + v * w[t], 0) / Math.hypot(...x);
        expect(logits.data[i * classNames.length + c]).toBeCloseTo(100 * cos, 3);
      }
    }
    expect([logits.rows, logits.cols]).toEqual([n, classNames.length]);
  });
});
