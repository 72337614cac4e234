import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeOnnxModel } from '@gla/models';
import { runGla, tempDir } from '../cli-harness.js';
import { tinyImageTower, tinyWeight } from '../reliability/helpers/tiny-onnx.js';

function projWeights(file: string): Float32Array {
  const model = decodeOnnxModel(new Uint8Array(readFileSync(file)));
  const proj = model.graph!.initializer!.find((t) => t.name === 'proj')!;
  const raw = proj.rawData!;
  return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
}

describe('gla merge', () => {
  it('interpolates every float initializer: (1 - alpha) zero-shot + alpha fine-tuned', async () => {
    const dir = tempDir();
    const a = join(dir, 'zs.onnx');
    const b = join(dir, 'ft.onnx');
    writeFileSync(a, tinyImageTower({ imageSize: 2, embedDim: 3, weight: tinyWeight(2, 3, 1) }));
    writeFileSync(b, tinyImageTower({ imageSize: 2, embedDim: 3, weight: tinyWeight(2, 3, 2) }));
    const out = join(dir, 'wise.onnx');
    const { code, lines } = await runGla([
      'merge',
      '--zero-shot',
      a,
      '--fine-tuned',
      b,
      '--alpha',
      '0.25',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/interpolated 1 float initializers at alpha 0.25/);
    const wa = tinyWeight(2, 3, 1);
    const wb = tinyWeight(2, 3, 2);
    const merged = projWeights(out);
    merged.forEach((v, i) => expect(v).toBeCloseTo(Math.fround(0.75 * wa[i] + 0.25 * wb[i]), 6));
  });

  it('refuses models of different graphs with one line and writes nothing', async () => {
    const dir = tempDir();
    const a = join(dir, 'zs.onnx');
    const b = join(dir, 'other.onnx');
    writeFileSync(a, tinyImageTower({ imageSize: 2, embedDim: 3 }));
    writeFileSync(b, tinyImageTower({ imageSize: 2, embedDim: 4 }));
    const out = join(dir, 'wise.onnx');
    const { code, lines } = await runGla(['merge', '--zero-shot', a, '--fine-tuned', b, '--out', out]);
    expect(code).toBe(2);
    expect(lines).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
    const bad = await runGla(['merge', '--zero-shot', a, '--fine-tuned', a, '--alpha', '1.5', '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.lines[0]).toMatch(/--alpha: expected a number in \[0, 1\]/);
  });
});

describe('gla zeroshot-head', () => {
  it('refuses a class-name file that is not a JSON array of strings, naming it', async () => {
    const dir = tempDir();
    const names = join(dir, 'names.json');
    writeFileSync(names, JSON.stringify({ classes: ['cat'] }));
    const { code, lines } = await runGla([
      'zeroshot-head',
      '--model',
      join(dir, 'model.json'),
      '--classnames',
      names,
      '--templates',
      names,
      '--out',
      join(dir, 'h.npy'),
    ]);
    expect(code).toBe(2);
    expect(lines).toEqual([`gla: ${names}: expected a JSON array of class names (strings), in class-index order`]);
    const missing = await runGla([
      'zeroshot-head',
      '--model',
      join(dir, 'model.json'),
      '--classnames',
      join(dir, 'none.json'),
      '--templates',
      names,
      '--out',
      join(dir, 'h.npy'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.lines[0]).toMatch(/none\.json: file not found$/);
  });

  it('refuses a missing model manifest with one line naming it', async () => {
    const dir = tempDir();
    const names = join(dir, 'names.json');
    writeFileSync(names, JSON.stringify(['cat', 'dog']));
    const { code, lines } = await runGla([
      'zeroshot-head',
      '--model',
      join(dir, 'model.json'),
      '--classnames',
      names,
      '--templates',
      names,
      '--out',
      join(dir, 'h.npy'),
    ]);
    expect(code).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/model.json/);
    expect(existsSync(join(dir, 'h.npy'))).toBe(false);
  });
});
