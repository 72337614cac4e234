import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onnxModelFiles } from '../src/onnx-model-files.js';
import { readOnnxModel } from '../src/read-onnx-model.js';
import { tempDir } from './helpers/temp-dir.js';
import { imageTowerOnnx, tinyTowers } from './helpers/tiny-clip.js';

describe('onnxModelFiles and readOnnxModel', () => {
  it('lists the model file and the external data files it references', async () => {
    const dir = await tempDir();
    const t = tinyTowers(5);
    await writeFile(join(dir, 'plain.onnx'), imageTowerOnnx(t).model);
    expect(await onnxModelFiles(join(dir, 'plain.onnx'))).toEqual([join(dir, 'plain.onnx')]);
    const { model } = imageTowerOnnx(t, { external: 'weights/w.bin', offset: 0 });
    await writeFile(join(dir, 'ext.onnx'), model);
    expect(await onnxModelFiles(join(dir, 'ext.onnx'))).toEqual([join(dir, 'ext.onnx'), join(dir, 'weights', 'w.bin')]);
  });

  it('refuses non-ONNX files and external data outside the model folder', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'text.onnx'), 'definitely not a model');
    await expect(readOnnxModel(join(dir, 'text.onnx'))).rejects.toMatchObject({
      code: 'NOT_ONNX',
      message: expect.stringMatching(/text\.onnx: not an ONNX model/),
    });
    await writeFile(join(dir, 'empty.onnx'), new Uint8Array(0));
    await expect(readOnnxModel(join(dir, 'empty.onnx'))).rejects.toMatchObject({ code: 'NOT_ONNX' });
    const { model } = imageTowerOnnx(tinyTowers(5), { external: '../escape.bin', offset: 0 });
    await writeFile(join(dir, 'escape.onnx'), model);
    await expect(onnxModelFiles(join(dir, 'escape.onnx'))).rejects.toThrow(
      /points outside the model folder \(\.\.\/escape\.bin\)/,
    );
  });
});
