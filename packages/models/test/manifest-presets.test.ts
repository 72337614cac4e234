import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listManifestPresets, presetManifest, writePresetManifest } from '../src/manifest-presets.js';
import { loadModelManifest } from '../src/model-manifest.js';
import { tempDir } from './helpers/temp-dir.js';

describe('manifest presets', () => {
  it('ships valid Hugging Face-style and open_clip-style presets', async () => {
    const names = await listManifestPresets();
    expect(names).toEqual(
      expect.arrayContaining([
        'hf-clip-vit-base-patch16',
        'hf-clip-vit-base-patch32',
        'openclip-vit-b-16',
        'openclip-rn50',
      ]),
    );
    for (const name of names) {
      const m = await presetManifest(name, '/models/x');
      expect(m.preprocess).toMatchObject({
        imageSize: 224,
        resizeMode: 'shorter-side-center-crop',
        interpolation: 'bicubic',
      });
      expect(m.preprocess.mean).toEqual([0.48145466, 0.4578275, 0.40821073]);
      expect(m.preprocess.std).toEqual([0.26862954, 0.26130258, 0.27577711]);
      expect(m.tokenizer).toEqual({
        type: 'clip-bpe',
        vocab: '/models/x/bpe_simple_vocab_16e6.txt.gz',
        contextLength: 77,
      });
      expect(m.logitScale).toBe(100);
    }
    const hf = await presetManifest('hf-clip-vit-base-patch16', '/models/b16');
    expect(hf.imageEncoder).toEqual({
      file: '/models/b16/vision_model.onnx',
      input: 'pixel_values',
      output: 'image_embeds',
    });
    expect(hf.textEncoder).toMatchObject({
      file: '/models/b16/text_model.onnx',
      input: 'input_ids',
      output: 'text_embeds',
      tokenDtype: 'int64',
    });
    expect(hf.embedDim).toBe(512);
    expect((await presetManifest('openclip-rn50', '/m')).embedDim).toBe(1024);
  });

  it('writes a preset as model.json that loads with paths in that folder', async () => {
    const dir = await tempDir();
    const path = await writePresetManifest('openclip-vit-b-16', dir);
    expect(path).toBe(join(dir, 'model.json'));
    expect(JSON.parse(await readFile(path, 'utf8')).imageEncoder.file).toBe('visual.onnx');
    expect((await loadModelManifest(path)).imageEncoder.file).toBe(join(dir, 'visual.onnx'));
  });

  it('lists the known presets when the name is unknown', async () => {
    await expect(presetManifest('clip-huge', '/m')).rejects.toThrow(
      /unknown model manifest preset "clip-huge"; known presets: .*"hf-clip-vit-base-patch16"/,
    );
  });
});
