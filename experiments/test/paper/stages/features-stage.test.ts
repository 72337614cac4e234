import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runPaperExperiment } from '../../../src/index.js';
import { writeTinyPlacesLt } from '../helpers/places-lt-images-layout.js';
import { tempDir } from '../helpers/temp-dir.js';

process.env.GLA_NO_PROGRESS = '1';
afterEach(() => {
  delete process.env.GLA_FEATURE_STREAM_BYTES;
});

/** Every stage file of a cache (linear heads, logits, priors, ...) by relative path, as hex. */
function stageFiles(cache: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kind of readdirSync(join(cache, 'stages')))
    for (const f of readdirSync(join(cache, 'stages', kind)))
      out[`${kind}/${f}`] = readFileSync(join(cache, 'stages', kind, f)).toString('hex');
  return out;
}

describe('gla run with CLIP features past the streaming threshold', () => {
  it('trains the linear head and scores from the feature files block by block, with the same bytes everywhere', async () => {
    const root = tempDir();
    const config = writeTinyPlacesLt(root, 'batchSize: 64, concurrency: 2, featureDtype: float16');
    const inMemory = await runPaperExperiment({ configFile: config, root, runId: 'a', cacheDir: 'cache-a' });

    process.env.GLA_FEATURE_STREAM_BYTES = '0';
    const logs: string[] = [];
    const streamed = await runPaperExperiment({
      configFile: config,
      root,
      runId: 'b',
      cacheDir: 'cache-b',
      log: (l) => logs.push(l),
    });
    const train = logs.find((l) => l.includes('features read block by block'));
    expect(train).toMatch(/: 852 x 6 float16 features read block by block from .*cache-b\/features\/.*features\.npy$/);
    expect(streamed.record!.metrics).toEqual(inMemory.record!.metrics);
    const files = stageFiles(join(root, 'cache-a'));
    expect(Object.keys(files).some((f) => f.startsWith('linear-head/'))).toBe(true);
    expect(stageFiles(join(root, 'cache-b'))).toEqual(files);

    // Again from the cached features (hash-checked, not loaded), the stages recomputed.
    rmSync(join(root, 'cache-b', 'stages'), { recursive: true });
    logs.length = 0;
    const again = await runPaperExperiment({
      configFile: config,
      root,
      runId: 'c',
      cacheDir: 'cache-b',
      log: (l) => logs.push(l),
    });
    expect(again.record!.stages.cached.features).toBe(3);
    expect(logs.some((l) => l.includes('features read block by block'))).toBe(true);
    expect(stageFiles(join(root, 'cache-b'))).toEqual(files);
  }, 120_000);
});
