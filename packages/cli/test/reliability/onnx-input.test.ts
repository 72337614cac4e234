import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ModelError,
  OnnxImageEncoder,
  loadModelManifest,
  mergeOnnxWeights,
  presetManifest,
  type ModelErrorCode,
} from '@gla/models';
import { describe, expect } from 'vitest';
import { reliabilityCase } from './reliability-case.js';
import { tempDir } from './helpers/temp-dirs.js';
import { writeBytes } from './helpers/npy-bytes.js';
import { tinyImageTower, tinyWeight } from './helpers/tiny-onnx.js';

// ONNX models through the models package's public API (no `gla` command opens a model directly yet).
const dir = tempDir();
const S = 4;
const D = 6;
const good = writeBytes(dir, 'tower.onnx', tinyImageTower({ imageSize: S, embedDim: D }));
const config = (
  file: string,
  extra: Partial<{ input: string; output: string; imageSize: number; embedDim: number }> = {},
) => ({
  file,
  input: 'pixel_values',
  output: 'image_embeds',
  imageSize: S,
  embedDim: D,
  ...extra,
});

async function expectModelError(run: () => Promise<unknown>, code: ModelErrorCode, file: string, text: RegExp) {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelError);
  const e = error as ModelError;
  expect(e.code, e.message).toBe(code);
  expect(e.message.startsWith(`${file}: `), e.message).toBe(true);
  expect(e.message).toMatch(text);
  expect(e.message).not.toContain('\n');
}

describe('ONNX models', () => {
  reliabilityCase('onnx.missing-file', () => {
    const file = join(dir, 'absent.onnx');
    return expectModelError(() => OnnxImageEncoder.open(config(file)), 'FILE_MISSING', file, /ONNX model not found/);
  });
  reliabilityCase('onnx.not-onnx', () => {
    const file = writeBytes(dir, 'weights.onnx', 'PK\u0003\u0004 this is a zip of PyTorch weights, not ONNX');
    return expectModelError(() => OnnxImageEncoder.open(config(file)), 'NOT_ONNX', file, /not an ONNX model/);
  });
  reliabilityCase('onnx.truncated', () => {
    const bytes = tinyImageTower({ imageSize: S, embedDim: D });
    const file = writeBytes(dir, 'cut.onnx', bytes.subarray(0, Math.floor(bytes.length / 2)));
    return expectModelError(() => OnnxImageEncoder.open(config(file)), 'NOT_ONNX', file, /not an ONNX model/);
  });
  reliabilityCase('onnx.wrong-input-name', () =>
    expectModelError(
      () => OnnxImageEncoder.open(config(good, { input: 'image' })),
      'IO_NAMES',
      good,
      /model inputs are "pixel_values" but the manifest feeds "image"/,
    ),
  );
  reliabilityCase('onnx.wrong-output-name', () =>
    expectModelError(
      () => OnnxImageEncoder.open(config(good, { output: 'image_features' })),
      'IO_NAMES',
      good,
      /no output "image_features"; its outputs are "image_embeds"/,
    ),
  );
  reliabilityCase('onnx.wrong-input-shape', () =>
    expectModelError(
      () => OnnxImageEncoder.open(config(good, { imageSize: 8 })),
      'SHAPE',
      good,
      /input "pixel_values" is declared \[batch, 3, 4, 4\], the manifest needs \[N, 3, 8, 8\]/,
    ),
  );
  reliabilityCase('onnx.wrong-embed-dim', async () => {
    const encoder = await OnnxImageEncoder.open(config(good, { embedDim: 7 }));
    try {
      await expectModelError(
        () => encoder.encode(new Float32Array(2 * 3 * S * S), 2),
        'SHAPE',
        good,
        /output "image_embeds" has shape \[2, 6\], expected \[2, 7\]/,
      );
    } finally {
      await encoder.close();
    }
  });
  reliabilityCase('onnx.wrong-pixel-count', async () => {
    const encoder = await OnnxImageEncoder.open(config(good));
    try {
      await expectModelError(
        () => encoder.encode(new Float32Array(3 * S * S + 1), 1),
        'SHAPE',
        good,
        /got 49 pixel values for 1 images, expected 1 x 48/,
      );
    } finally {
      await encoder.close();
    }
  });
  reliabilityCase('onnx.non-finite-output', async () => {
    const weight = tinyWeight(S, D);
    weight[3] = NaN; // a damaged weight: every image's embedding column 3 becomes NaN
    const file = writeBytes(dir, 'nan.onnx', tinyImageTower({ imageSize: S, embedDim: D, weight }));
    const encoder = await OnnxImageEncoder.open(config(file));
    try {
      await expectModelError(
        () => encoder.encode(new Float32Array(3 * S * S).fill(0.5), 1),
        'INFERENCE',
        file,
        /output "image_embeds" has the non-finite value NaN at row 0, column 3/,
      );
    } finally {
      await encoder.close();
    }
  });
  reliabilityCase('onnx.merge-mismatch', async () => {
    const other = writeBytes(dir, 'tower-d5.onnx', tinyImageTower({ imageSize: S, embedDim: 5 }));
    const output = join(dir, 'merged.onnx');
    await expectModelError(
      () => mergeOnnxWeights({ first: good, second: other, output, alpha: 0.5 }),
      'MERGE_MISMATCH',
      other,
      /graph differs from .*tower\.onnx: .*initializer "proj": shape \[48,6\] vs \[48,5\]/,
    );
    expect(existsSync(output)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
  reliabilityCase('onnx.merge-renamed-graph', async () => {
    const other = writeBytes(dir, 'tower-renamed.onnx', tinyImageTower({ imageSize: S, embedDim: D, input: 'image' }));
    const output = join(dir, 'merged-renamed.onnx');
    await expectModelError(
      () => mergeOnnxWeights({ first: good, second: other, output, alpha: 0.5 }),
      'MERGE_MISMATCH',
      other,
      /graph differs from/,
    );
    expect(existsSync(output)).toBe(false);
  });
  reliabilityCase('onnx.merge-not-onnx', async () => {
    const file = writeBytes(dir, 'finetuned.onnx', 'not a model');
    const output = join(dir, 'merged-bad.onnx');
    await expectModelError(
      () => mergeOnnxWeights({ first: good, second: file, output, alpha: 0.5 }),
      'NOT_ONNX',
      file,
      /not an ONNX model/,
    );
    expect(existsSync(output)).toBe(false);
  });
  reliabilityCase('onnx.merge-missing-file', async () => {
    const file = join(dir, 'absent-finetuned.onnx');
    await expectModelError(
      () => mergeOnnxWeights({ first: good, second: file, output: join(dir, 'm.onnx'), alpha: 0.5 }),
      'FILE_MISSING',
      file,
      /ONNX model not found/,
    );
  });
  reliabilityCase('onnx.merge-bad-alpha', async () => {
    const output = join(dir, 'merged-alpha.onnx');
    await expectModelError(
      () => mergeOnnxWeights({ first: good, second: good, output, alpha: 1.5 }),
      'ARGUMENT',
      output,
      /merge alpha must be in \[0, 1\], got 1\.5/,
    );
  });
  reliabilityCase('onnx.manifest-unknown-key', async () => {
    const manifest = {
      schemaVersion: 1,
      name: 'tiny test tower (not CLIP)',
      imageEncoder: { file: 'tower.onnx', input: 'pixel_values', output: 'image_embeds' },
      textEncoder: { file: 'text.onnx', input: 'input_ids', output: 'text_embeds', tokenDtype: 'int64' },
      preprocess: {
        imageSize: S,
        resizeMode: 'shorter-side-center-crop',
        interpolation: 'bicubic',
        mean: [0.5, 0.5, 0.5],
        std: [0.25, 0.25, 0.25],
      },
      tokenizer: { type: 'clip-bpe', vocab: 'bpe_simple_vocab_16e6.txt.gz', contextLength: 77 },
      logitScale: 100,
      embedDim: D,
    };
    const valid = writeBytes(dir, 'model.json', JSON.stringify(manifest));
    await expect(loadModelManifest(valid)).resolves.toMatchObject({ embedDim: D });
    const file = writeBytes(
      dir,
      'model-typo.json',
      JSON.stringify({ ...manifest, imageEncoder: { ...manifest.imageEncoder, outptu: 'x' } }),
    );
    await expectModelError(
      () => loadModelManifest(file),
      'MANIFEST_INVALID',
      file,
      /invalid model manifest: imageEncoder: Unrecognized key: "outptu"/,
    );
  });
  reliabilityCase('onnx.unknown-preset', async () => {
    const error = await presetManifest('clip-vit-l-14-336', dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('PRESET_UNKNOWN');
    expect((error as ModelError).message).toMatch(
      /unknown model manifest preset "clip-vit-l-14-336"; known presets: .*"hf-clip-vit-base-patch16"/,
    );
  });
});
