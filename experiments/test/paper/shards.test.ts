import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeFeatureShards, runPaperExperiment } from '../../src/index.js';
import { parseShard, shardRange } from '../../src/engine/shard.js';
import { writeImageNetImages } from './helpers/imagenet-images-layout.js';
import { tempDir } from './helpers/temp-dir.js';

process.env.GLA_NO_PROGRESS = '1';

describe('--shard i/n and merge-cache', () => {
  it('parses i/n and tiles [0, total) with contiguous ranges', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(() => parseShard('0/4')).toThrow("--shard: expected i/n with 1 <= i <= n (e.g. 2/4), got '0/4'");
    expect(() => parseShard('5/4')).toThrow(/--shard/);
    const ranges = [1, 2, 3].map((index) => shardRange(10, { index, count: 3 }));
    expect(ranges).toEqual([
      [0, 3],
      [3, 6],
      [6, 10],
    ]);
  });

  it('extracts shards on two "machines", joins them, and the full run uses the joined features with the same results', async () => {
    const root = tempDir();
    const { config } = writeImageNetImages(root);
    const full = await runPaperExperiment({ configFile: config, root, runId: 'full', cacheDir: 'cache-full' });
    const a = await runPaperExperiment({
      configFile: config,
      root,
      shard: { index: 1, count: 2 },
      cacheDir: 'cache-a',
    });
    const b = await runPaperExperiment({
      configFile: config,
      root,
      shard: { index: 2, count: 2 },
      cacheDir: 'cache-b',
    });
    expect(a.mode).toBe('shard');
    expect(a.runDir).toBeUndefined();
    expect(a.computed.filter((id) => id.startsWith('features/'))).toHaveLength(6);
    expect(b.computed.filter((id) => id.startsWith('features/'))).toHaveLength(6);

    await expect(mergeFeatureShards([join(root, 'cache-a')], join(root, 'cache-merged'))).rejects.toThrow(
      /missing shard\(s\) 2\/2/,
    );
    const merged = await mergeFeatureShards([join(root, 'cache-a'), join(root, 'cache-b')], join(root, 'cache-merged'));
    expect(merged).toHaveLength(6);
    expect(merged.every((m) => m.shards === 2)).toBe(true);

    const joined = await runPaperExperiment({ configFile: config, root, runId: 'joined', cacheDir: 'cache-merged' });
    expect(joined.computed.some((id) => id.startsWith('features/'))).toBe(false);
    expect(joined.record!.stages.cached.features).toBe(6);
    expect(joined.record!.metrics).toEqual(full.record!.metrics);
  });

  it('refuses shards that do not belong together', async () => {
    const root = tempDir();
    const { config } = writeImageNetImages(root);
    await runPaperExperiment({ configFile: config, root, shard: { index: 1, count: 2 }, cacheDir: 'cache-a' });
    await runPaperExperiment({ configFile: config, root, shard: { index: 2, count: 2 }, cacheDir: 'cache-b' });
    const merged = await mergeFeatureShards([join(root, 'cache-a'), join(root, 'cache-b')], join(root, 'out'));
    // Claim that one shard of a set was cut from a longer list.
    const shard = join(merged[0].out.replace(join(root, 'out'), join(root, 'cache-b')), 'shards/2-of-2/shard.json');
    const record = JSON.parse(readFileSync(shard, 'utf8'));
    writeFileSync(shard, JSON.stringify({ ...record, total: record.total + 1 }));
    await expect(
      mergeFeatureShards([join(root, 'cache-a'), join(root, 'cache-b')], join(root, 'out2')),
    ).rejects.toThrow(/does not belong with .*count, total, dtype or stage differ/);
    // A gap: shard 2 claims to start later than shard 1 ends.
    writeFileSync(shard, JSON.stringify({ ...record, start: record.start + 1 }));
    await expect(
      mergeFeatureShards([join(root, 'cache-a'), join(root, 'cache-b')], join(root, 'out3')),
    ).rejects.toThrow(/starts at \d+, expected \d+/);
  });
});
