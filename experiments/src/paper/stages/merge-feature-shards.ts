import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { loadFeatureCache, writeNpyMatrix, type FeatureCacheManifest } from '@gla/models';
import { writeFileAtomic } from '@gla/core';
import type { ShardRecord } from './features-stage.js';
import { PipelineError } from '../../engine/pipeline-error.js';

/** A shard found on disk. */
interface FoundShard {
  dir: string;
  record: ShardRecord;
}

/** What `gla merge-cache` did for one feature set. */
export interface MergedFeatureSet {
  key: string;
  stage: string;
  rows: number;
  shards: number;
  out: string;
}

async function findShards(dir: string, found: FoundShard[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => {
    throw new PipelineError(`${dir}: not a readable folder`);
  });
  if (entries.some((e) => e.isFile() && e.name === 'shard.json')) {
    const file = join(dir, 'shard.json');
    const record = JSON.parse(await readFile(file, 'utf8')) as ShardRecord;
    if (record.schema !== 'gla-feature-shard/1') throw new PipelineError(`${file}: not a gla feature shard record`);
    found.push({ dir, record });
    return;
  }
  for (const e of entries) if (e.isDirectory()) await findShards(join(dir, e.name), found);
}

/**
 * Joins feature shards extracted with `gla run --shard i/n` on several machines into complete feature caches
 * under `<out>/features/<key>/`. Shards of a set must share the key, shard count, total and dtype, cover every
 * index 1..n exactly once (a shard found twice must be identical) and tile [0, total) without gaps.
 * @param dirs cache roots (or any folders) searched for `shard.json`.
 * @throws PipelineError naming the set and the problem; nothing is written for a set that fails.
 */
export async function mergeFeatureShards(
  dirs: readonly string[],
  out: string,
  log: (line: string) => void = () => {},
): Promise<MergedFeatureSet[]> {
  const found: FoundShard[] = [];
  for (const dir of dirs) await findShards(dir, found);
  if (found.length === 0) throw new PipelineError(`${dirs.join(', ')}: no feature shard (shard.json) found`);
  const byKey = new Map<string, FoundShard[]>();
  for (const shard of found) byKey.set(shard.record.key, [...(byKey.get(shard.record.key) ?? []), shard]);
  const merged: MergedFeatureSet[] = [];
  for (const [key, shards] of byKey) {
    const first = shards[0].record;
    const name = `${first.stage} (${key.slice(0, 12)})`;
    for (const s of shards) {
      const r = s.record;
      if (r.count !== first.count || r.total !== first.total || r.dtype !== first.dtype || r.stage !== first.stage) {
        throw new PipelineError(
          `${join(s.dir, 'shard.json')}: does not belong with ${join(shards[0].dir, 'shard.json')} (count, total, dtype or stage differ) for ${name}`,
        );
      }
    }
    const byIndex = new Map<number, FoundShard>();
    for (const s of shards) {
      const seen = byIndex.get(s.record.index);
      if (seen && !(await sameFeatures(seen.dir, s.dir)))
        throw new PipelineError(
          `${s.dir}: shard ${s.record.index}/${first.count} of ${name} also in ${seen.dir} with different features`,
        );
      byIndex.set(s.record.index, s);
    }
    const missing = Array.from({ length: first.count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
    if (missing.length > 0)
      throw new PipelineError(`${name}: missing shard(s) ${missing.map((i) => `${i}/${first.count}`).join(', ')}`);
    const ordered = [...byIndex.values()].sort((a, b) => a.record.index - b.record.index);
    let next = 0;
    const parts: { data: Float32Array; rows: number }[] = [];
    let cols = -1;
    let manifest: FeatureCacheManifest | undefined;
    for (const s of ordered) {
      if (s.record.start !== next)
        throw new PipelineError(
          `${s.dir}: shard ${s.record.index}/${first.count} of ${name} starts at ${s.record.start}, expected ${next}`,
        );
      next = s.record.end;
      const cache = await loadFeatureCache(s.dir);
      if (!cache)
        throw new PipelineError(
          `${s.dir}: shard ${s.record.index}/${first.count} of ${name} is unfinished (no manifest.json)`,
        );
      if (cache.features.rows !== s.record.end - s.record.start)
        throw new PipelineError(
          `${s.dir}: ${cache.features.rows} rows, the shard record says ${s.record.end - s.record.start}`,
        );
      if (cols >= 0 && cache.features.cols !== cols && cache.features.rows > 0)
        throw new PipelineError(`${s.dir}: ${cache.features.cols} dimensions, other shards of ${name} have ${cols}`);
      if (cache.features.rows > 0) cols = cache.features.cols;
      manifest ??= cache.manifest;
      if (
        manifest &&
        JSON.stringify(cache.manifest.modelFiles.map((f) => f.sha256)) !==
          JSON.stringify(manifest.modelFiles.map((f) => f.sha256))
      ) {
        throw new PipelineError(
          `${s.dir}: shard ${s.record.index}/${first.count} of ${name} was embedded with other model files`,
        );
      }
      parts.push({ data: cache.features.data, rows: cache.features.rows });
    }
    if (next !== first.total)
      throw new PipelineError(`${name}: shards cover [0, ${next}), expected [0, ${first.total})`);
    const data = new Float32Array(first.total * Math.max(cols, 0));
    let offset = 0;
    for (const p of parts) {
      data.set(p.data, offset);
      offset += p.data.length;
    }
    const target = join(out, 'features', key);
    const features = join(target, 'features.npy');
    await writeNpyMatrix(features, data, first.total, Math.max(cols, 0), first.dtype);
    const sha = createHash('sha256')
      .update(await readFile(features))
      .digest('hex');
    const full: FeatureCacheManifest = {
      version: 1,
      split: first.stage,
      sampleCount: first.total,
      sampleListSha256: createHash('sha256').update(key).digest('hex'),
      modelFiles: manifest!.modelFiles,
      preprocess: manifest!.preprocess,
      dtype: first.dtype,
      embedDim: Math.max(cols, 0),
      featuresFile: 'features.npy',
      featuresSha256: sha,
      createdAt: new Date().toISOString(),
    };
    await writeFileAtomic(join(target, 'manifest.json'), `${JSON.stringify(full, null, 2)}\n`);
    log(
      `merged ${ordered.length} shard(s) of ${first.stage}: ${first.total} rows -> ${relative(process.cwd(), target) || target}`,
    );
    merged.push({ key, stage: first.stage, rows: first.total, shards: ordered.length, out: target });
  }
  return merged;
}

async function sameFeatures(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([
    stat(join(a, 'features.npy')).catch(() => undefined),
    stat(join(b, 'features.npy')).catch(() => undefined),
  ]);
  if (!x || !y || x.size !== y.size) return false;
  const [p, q] = await Promise.all([readFile(join(a, 'features.npy')), readFile(join(b, 'features.npy'))]);
  return p.equals(q);
}
