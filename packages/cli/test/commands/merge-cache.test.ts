import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeNpy, parseNpy } from '@gla/core';
import { runGla, tempDir } from '../cli-harness.js';

/** A finished shard as `gla run --shard` leaves it: features.npy, the feature cache manifest and shard.json. */
function writeShard(root: string, key: string, index: number, count: number, rows: number[], total: number): void {
  const dir = join(root, 'features', key, 'shards', `${index}-of-${count}`);
  mkdirSync(dir, { recursive: true });
  const data = Float32Array.from(rows.flatMap((r) => [r, r + 0.5]));
  const bytes = encodeNpy(data, [rows.length, 2]);
  writeFileSync(join(dir, 'features.npy'), bytes);
  const manifest = {
    version: 1,
    split: `s#${index}/${count}`,
    sampleCount: rows.length,
    sampleListSha256: 'a'.repeat(64),
    modelFiles: [{ file: 'vision_model.onnx', sha256: 'b'.repeat(64) }],
    preprocess: { imageSize: 8 },
    dtype: 'float32',
    embedDim: 2,
    featuresFile: 'features.npy',
    featuresSha256: createHash('sha256').update(bytes).digest('hex'),
    createdAt: '2025-01-01T00:00:00.000Z',
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(
    join(dir, 'shard.json'),
    JSON.stringify({
      schema: 'gla-feature-shard/1',
      key,
      stage: 'features/clip/x/test',
      index,
      count,
      start: rows[0],
      end: rows[0] + rows.length,
      total,
      dtype: 'float32',
    }),
  );
}

describe('gla merge-cache', () => {
  const key = 'c'.repeat(64);

  it('joins the shards of two machines into one feature cache, rows in order', async () => {
    const a = tempDir();
    const b = tempDir();
    writeShard(a, key, 1, 2, [0, 1], 5);
    writeShard(b, key, 2, 2, [2, 3, 4], 5);
    const out = tempDir();
    const { code, lines } = await runGla(['merge-cache', a, b, '--out', out]);
    expect(code).toBe(0);
    expect(lines.at(-1)).toBe(`merged 1 feature set(s) into ${out}`);
    const features = parseNpy(new Uint8Array(readFileSync(join(out, 'features', key, 'features.npy'))));
    expect(features.shape).toEqual([5, 2]);
    expect(Array.from(features.data as Float32Array)).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5]);
    expect(existsSync(join(out, 'features', key, 'manifest.json'))).toBe(true);
  });

  it('refuses an incomplete set or folders without shards, with exit code 2', async () => {
    const a = tempDir();
    writeShard(a, key, 1, 3, [0, 1], 5);
    const out = tempDir();
    const incomplete = await runGla(['merge-cache', a, '--out', out]);
    expect(incomplete.code).toBe(2);
    expect(incomplete.lines).toEqual([`gla: features/clip/x/test (${key.slice(0, 12)}): missing shard(s) 2/3, 3/3`]);
    const empty = tempDir();
    const none = await runGla(['merge-cache', empty, '--out', out]);
    expect(none.lines).toEqual([`gla: ${empty}: no feature shard (shard.json) found`]);
    expect(existsSync(join(out, 'features'))).toBe(false);
  });
});
