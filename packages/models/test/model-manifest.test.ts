import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModelManifest, parseModelManifest } from '../src/model-manifest.js';
import { tempDir } from './helpers/temp-dir.js';
import { tinyManifestJson } from './helpers/tiny-model-dir.js';
import { tinyTowers } from './helpers/tiny-clip.js';

const valid = tinyManifestJson(tinyTowers(1, 4, 6, 5, 10));
let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});

describe('model manifests', () => {
  it('resolves relative files against the manifest folder and keeps absolute ones', async () => {
    const path = join(dir, 'model.json');
    await writeFile(
      path,
      JSON.stringify({ ...valid, textEncoder: { ...valid.textEncoder, file: '/models/text.onnx' } }),
    );
    const m = await loadModelManifest(path);
    expect(m.imageEncoder.file).toBe(join(dir, 'vision_model.onnx'));
    expect(m.textEncoder.file).toBe('/models/text.onnx');
    expect(m.tokenizer.vocab).toBe(join(dir, 'bpe_simple_vocab_16e6.txt.gz'));
    expect(m.preprocess.mean).toEqual([0.5, 0.5, 0.5]);
  });

  it('fills documented defaults (int64 tokens, context 77)', () => {
    const { tokenDtype: _t, ...text } = valid.textEncoder;
    const { contextLength: _c, ...tokenizer } = valid.tokenizer;
    const m = parseModelManifest({ ...valid, textEncoder: text, tokenizer }, 'm.json', '/x');
    expect(m.textEncoder.tokenDtype).toBe('int64');
    expect(m.tokenizer.contextLength).toBe(77);
  });

  it('names the file and the key path of each problem', () => {
    const parse = (json: unknown) => () => parseModelManifest(json, '/m/model.json', '/m');
    expect(parse({ ...valid, preprocess: { ...valid.preprocess, mean: [0.5, 0.5] } })).toThrow(
      /^\/m\/model\.json: invalid model manifest: preprocess\.mean: /,
    );
    expect(parse({ ...valid, preprocess: { ...valid.preprocess, std: [1, 0, 1] } })).toThrow(/preprocess\.std\.1: /);
    expect(parse({ ...valid, textEncoder: { ...valid.textEncoder, tokenDtype: 'int16' } })).toThrow(
      /textEncoder\.tokenDtype: /,
    );
    expect(parse({ ...valid, imageEncoder: { ...valid.imageEncoder, outputs: 'x' } })).toThrow(
      /imageEncoder: Unrecognized key/,
    );
    expect(parse({ ...valid, embedDim: undefined })).toThrow(/embedDim: /);
    expect(parse([])).toThrow(/\(root\): /);
  });

  it('reports a missing manifest and invalid JSON with the path', async () => {
    await expect(loadModelManifest(join(dir, 'none.json'))).rejects.toMatchObject({
      code: 'FILE_MISSING',
      path: join(dir, 'none.json'),
    });
    await writeFile(join(dir, 'broken.json'), '{"schemaVersion": 1,');
    await expect(loadModelManifest(join(dir, 'broken.json'))).rejects.toThrow(/broken\.json: not valid JSON/);
  });
});
