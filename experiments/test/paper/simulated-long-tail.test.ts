import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { methodLabel } from '@gla/core';
import { runPaperExperiment } from '../../src/index.js';
import { runLongTail } from '../../src/demo/run-long-tail.js';
import type { LongTailMetrics } from '../../src/paper/pipelines/long-tail-pipeline.js';
import { simulatedWorldOf } from '../../src/paper/sources/simulated-world-of.js';
import { repoRoot } from './helpers/repo-paths.js';
import { tempDir } from './helpers/temp-dir.js';

process.env.GLA_NO_PROGRESS = '1';

// configs/demo/long-tail.yaml with a small world (the committed config uses the demo's full world).
const small = {
  classes: 15,
  dims: 16,
  pretrainingSamples: 3000,
  valPerClass: 10,
  testPerClass: 12,
  longTailMaxCount: 90,
};

describe('gla run with data.kind: simulated (configs/demo/long-tail.yaml)', () => {
  it("runs the long-tail pipeline on the simulated world, with the demo's numbers, and reruns from the cache", async () => {
    const root = tempDir();
    const config = join(root, 'long-tail.yaml');
    const text = readFileSync(join(repoRoot, 'configs/demo/long-tail.yaml'), 'utf8').replace(
      '  seed: 0\n',
      `  seed: 0\n  overrides: ${JSON.stringify(small)}\n`,
    );
    writeFileSync(config, text);
    const first = await runPaperExperiment({ configFile: config, root, runId: 'a' });
    const result = (first.record!.metrics as LongTailMetrics).benchmarks['simulated-lt'].result;
    const world = simulatedWorldOf({ kind: 'simulated', world: 'default', seed: 0, overrides: small })();
    for (const row of runLongTail(world).rows)
      expect([row.method, result.methods[row.method]?.top1]).toEqual([row.method, row.scores.top1]);
    const table = readFileSync(join(first.runDir!, 'tables/long-tail.md'), 'utf8');
    for (const id of ['gla-authors', 'gla', 'gla-true-prior'] as const) expect(table).toContain(methodLabel(id));
    expect(table).toContain('not CLIP');
    const second = await runPaperExperiment({ configFile: config, root, runId: 'b' });
    expect(second.computed).toEqual([]);
    expect(JSON.stringify(second.record!.metrics)).toBe(JSON.stringify(first.record!.metrics));
  });
});
