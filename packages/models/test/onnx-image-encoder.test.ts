import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { float16ToFloat32, float32ToFloat16 } from '@gla/core';
import { loadModelManifest, type ModelManifest } from '../src/model-manifest.js';
import { OnnxDataType } from '../src/onnx-model-proto.js';
import { OnnxImageEncoder } from '../src/onnx-image-encoder.js';
import { buildModel, floatTensor, intAttr, node, valueInfo } from './helpers/onnx-builder.js';
import { tempDir } from './helpers/temp-dir.js';
import { imageTowerOnnx, imageTowerReference, randomArray, seededRandom, tinyTowers } from './helpers/tiny-clip.js';
import { writeTinyModelDir } from './helpers/tiny-model-dir.js';

const towers = tinyTowers(11);
let dir: string;
let manifest: ModelManifest;

beforeAll(async () => {
  dir = await tempDir();
  manifest = await loadModelManifest(await writeTinyModelDir(dir, towers));
});

describe('OnnxImageEncoder on a tiny image tower', () => {
  it('matches a direct computation of the network, across several batches', async () => {
    const encoder = await OnnxImageEncoder.fromManifest(manifest, { batchSize: 3 });
    const n = 7;
    const pixels = randomArray(n * encoder.pixelsPerImage, seededRandom(5));
    const features = await encoder.encode(pixels, n);
    await encoder.close();
    expect([features.rows, features.cols]).toEqual([n, towers.embedDim]);
    const expected = imageTowerReference(towers, pixels, n);
    features.data.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
  });

  it('runs an export with a fixed batch size of 7 on 10 images: the last batch is padded, the padding dropped', async () => {
    const file = join(dir, 'fixed7.onnx');
    await writeFile(file, imageTowerOnnx(towers, 'raw', false, 7).model);
    const encoder = await OnnxImageEncoder.open({
      file,
      input: 'pixel_values',
      output: 'image_embeds',
      imageSize: towers.imageSize,
    });
    const n = 10;
    const pixels = randomArray(n * encoder.pixelsPerImage, seededRandom(8));
    const features = await encoder.encode(pixels, n);
    const one = await encoder.encode(pixels.subarray(0, encoder.pixelsPerImage), 1);
    await encoder.close();
    expect([features.rows, features.cols]).toEqual([n, towers.embedDim]);
    const expected = imageTowerReference(towers, pixels, n);
    features.data.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
    expect(Array.from(one.data)).toEqual(Array.from(features.data.subarray(0, towers.embedDim)));
  });

  it('rejects a pixel buffer of the wrong length', async () => {
    const encoder = await OnnxImageEncoder.fromManifest(manifest);
    await expect(encoder.encode(new Float32Array(10), 1)).rejects.toMatchObject({
      code: 'SHAPE',
      message: expect.stringContaining('vision_model.onnx'),
    });
    await encoder.close();
  });

  it("reports a missing file, a non-ONNX file and wrong names with the model's real names", async () => {
    const open = (file: string, input = 'pixel_values', output = 'image_embeds', imageSize = towers.imageSize) =>
      OnnxImageEncoder.open({ file, input, output, imageSize });
    await expect(open(join(dir, 'absent.onnx'))).rejects.toMatchObject({
      code: 'FILE_MISSING',
      path: join(dir, 'absent.onnx'),
    });
    const junk = join(dir, 'junk.onnx');
    await writeFile(junk, 'this is not a protobuf model, just text\n'.repeat(20));
    await expect(open(junk)).rejects.toMatchObject({ code: 'NOT_ONNX', path: junk });
    const file = manifest.imageEncoder.file;
    await expect(open(file, 'image')).rejects.toThrow(/inputs are "pixel_values" but the manifest feeds "image"/);
    await expect(open(file, 'pixel_values', 'embeds')).rejects.toThrow(
      /no output "embeds"; its outputs are "image_embeds"/,
    );
    await expect(open(file, 'pixel_values', 'image_embeds', 8)).rejects.toMatchObject({
      code: 'SHAPE',
      message: expect.stringContaining('[batch, 3, 4, 4]'),
    });
  });

  it('refuses an output width different from the manifest embedDim', async () => {
    const { file, input, output } = manifest.imageEncoder;
    const encoder = await OnnxImageEncoder.open({
      file,
      input,
      output,
      imageSize: towers.imageSize,
      embedDim: towers.embedDim + 1,
    });
    await expect(encoder.encode(new Float32Array(encoder.pixelsPerImage), 1)).rejects.toThrow(
      /has shape \[1, 6\], expected \[1, 7\]/,
    );
    await encoder.close();
  });
});

describe('OnnxImageEncoder on a float16 export', () => {
  it('feeds half-precision pixels and widens half-precision embeddings', async () => {
    const s = towers.imageSize;
    const file = join(dir, 'half-io.onnx');
    await writeFile(
      file,
      buildModel({
        nodes: [
          node('Cast', ['pixel_values'], ['pixels32'], [intAttr('to', OnnxDataType.FLOAT)]),
          node('Flatten', ['pixels32'], ['flat'], [intAttr('axis', 1)]),
          node('MatMul', ['flat', 'w'], ['embeds32']),
          node('Cast', ['embeds32'], ['image_embeds'], [intAttr('to', OnnxDataType.FLOAT16)]),
        ],
        initializers: [floatTensor('w', [3 * s * s, towers.embedDim], towers.imageWeight).tensor],
        inputs: [valueInfo('pixel_values', OnnxDataType.FLOAT16, ['batch', 3, s, s])],
        outputs: [valueInfo('image_embeds', OnnxDataType.FLOAT16, ['batch', towers.embedDim])],
      }),
    );
    const encoder = await OnnxImageEncoder.open({
      file,
      input: 'pixel_values',
      output: 'image_embeds',
      imageSize: s,
      embedDim: towers.embedDim,
    });
    const pixels = randomArray(2 * encoder.pixelsPerImage, seededRandom(6));
    const out = await encoder.encode(pixels, 2);
    await encoder.close();
    expect(out.data).toBeInstanceOf(Float32Array);
    const halfPixels = float16ToFloat32(float32ToFloat16(pixels));
    const expected = imageTowerReference(towers, halfPixels, 2);
    // Output rounding to float16: relative error up to 2^-11.
    out.data.forEach((v, i) =>
      expect(Math.abs(v - expected[i])).toBeLessThan(1e-3 * Math.max(1, Math.abs(expected[i]))),
    );
    expect(out.data.some((v, i) => v !== Math.fround(expected[i]))).toBe(true);
  });
});
