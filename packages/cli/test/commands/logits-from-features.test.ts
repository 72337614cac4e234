import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNpy } from '@gla/core';
import { describe, expect, it } from 'vitest';
import { runGla, tempDir, writeNpy } from '../cli-harness.js';

process.env.GLA_NO_PROGRESS = '1';

describe('gla logits --features --head, block by block', () => {
  // 9,000 rows: three blocks of 4,096 rows, the last partial.
  const rows = 9000;
  const d = 5;
  const k = 3;
  const features = Float32Array.from({ length: rows * d }, (_, i) => Math.sin(i * 0.37) + (i % d === 0 ? 0.5 : 0));
  const head = Float32Array.from({ length: k * d }, (_, i) => Math.cos(i * 1.3));

  it('writes scale * (x / |x|) . head^T for every row, to the bit, across blocks', async () => {
    const dir = tempDir();
    const x = writeNpy(dir, 'x.npy', features, [rows, d]);
    const h = writeNpy(dir, 'h.npy', head, [k, d]);
    const out = join(dir, 'zs.npy');
    const run = await runGla(['logits', '--features', x, '--head', h, '--scale', '50', '--out', out]);
    expect(run.code, run.lines.join('\n')).toBe(0);
    const got = parseNpy(new Uint8Array(readFileSync(out)), out);
    expect(got.shape).toEqual([rows, k]);
    expect(got.dtype).toBe('<f4');
    // By hand: the norm summed in float64, each value divided by it and rounded to float32, the dot product
    // summed in float64 in dimension order, times the scale, rounded to float32.
    for (let i = 0; i < rows; i++) {
      let norm = 0;
      for (let t = 0; t < d; t++) norm += features[i * d + t] ** 2;
      norm = Math.sqrt(norm);
      for (let j = 0; j < k; j++) {
        let dot = 0;
        for (let t = 0; t < d; t++) dot += Math.fround(features[i * d + t] / norm) * head[j * d + t];
        expect(got.data[i * k + j]).toBe(Math.fround(50 * dot));
      }
    }
    expect(JSON.parse(readFileSync(join(dir, 'zs.json'), 'utf8'))).toMatchObject({ rows, classes: k, scale: 50 });
  });

  it('refuses a NaN feature in a late block with one line naming the file and row, leaving no output', async () => {
    const dir = tempDir();
    const bad = Float32Array.from(features);
    bad[8500 * d + 2] = Number.NaN;
    const x = writeNpy(dir, 'x.npy', bad, [rows, d]);
    const h = writeNpy(dir, 'h.npy', head, [k, d]);
    const run = await runGla(['logits', '--features', x, '--head', h, '--out', join(dir, 'zs.npy')]);
    expect(run.code).toBe(2);
    expect(run.lines).toHaveLength(1);
    expect(run.lines[0]).toMatch(/x\.npy.*row 8500/);
    expect(readdirSync(dir).sort()).toEqual(['h.npy', 'x.npy']);
  });
});
