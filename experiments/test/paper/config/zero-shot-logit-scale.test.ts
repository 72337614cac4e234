import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PaperConfig } from '../../../src/paper/config/paper-config.js';
import { zeroShotLogitScale } from '../../../src/paper/config/zero-shot-logit-scale.js';
import { tempDir } from '../helpers/temp-dir.js';

const onnx = (logitScale?: number) =>
  ({
    models: { zeroShot: { kind: 'onnx', manifest: 'clip/model.json', templates: 't.json', logitScale } },
  }) as unknown as PaperConfig;

describe('the zero-shot logit scale', () => {
  it("takes the config's value, else the manifest's, else CLIP's 100", () => {
    const root = tempDir();
    expect(zeroShotLogitScale(onnx(), root)).toEqual({ value: 100, source: 'default' }); // no manifest yet
    mkdirSync(join(root, 'clip'));
    writeFileSync(join(root, 'clip/model.json'), JSON.stringify({ logitScale: 50 }));
    expect(zeroShotLogitScale(onnx(), root)).toEqual({ value: 50, source: 'manifest' });
    expect(zeroShotLogitScale(onnx(20), root)).toEqual({ value: 20, source: 'config' });
    const logits = { models: { zeroShot: { kind: 'logits' } } } as unknown as PaperConfig;
    expect(zeroShotLogitScale(logits, root)).toBeNull();
  });
});
