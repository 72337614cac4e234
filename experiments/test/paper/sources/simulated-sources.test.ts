import { describe, expect, it } from 'vitest';
import { createSimulatedWorld } from '@gla/datasets';
import { FileDigests } from '../../../src/engine/file-digests.js';
import type { StageNode } from '../../../src/engine/stage-node.js';
import { StageRegistry } from '../../../src/engine/stage-registry.js';
import { StageRunner } from '../../../src/engine/stage-runner.js';
import { createProgress } from '../../../src/progress.js';
import type { LongTailConfig } from '../../../src/paper/config/paper-config.js';
import { longTailPipeline } from '../../../src/paper/pipelines/long-tail-pipeline.js';
import { simulatedSources } from '../../../src/paper/sources/simulated-sources.js';
import { runLongTail } from '../helpers/direct-demo/run-long-tail.js';
import { tempDir } from '../helpers/temp-dir.js';

process.env.GLA_NO_PROGRESS = '1';

const worldConfig = {
  classes: 18,
  dims: 16,
  pretrainingSamples: 3000,
  trainPerClass: 20,
  valPerClass: 10,
  testPerClass: 12,
  longTailMaxCount: 120,
  seed: 4,
};

// The long-tail protocol as a config: q on the balanced val split, pi_s from the train labels, no temperature.
const config = {
  kind: 'long-tail',
  benchmarks: ['simulated-lt'],
  ensemble: { alpha: 0.5, sweep: [] },
  temperature: { zeroShot: 'none', fineTuned: 'none', zeroShotTolerance: 0.1, fineTunedTolerance: 1 },
  prior: { solver: 'exact', paperIterations: 1000 },
} as unknown as LongTailConfig;

const run = async (cacheDir: string) => {
  let built = 0;
  const world = createSimulatedWorld(worldConfig);
  const registry = new StageRegistry();
  const sources = simulatedSources(
    () => {
      built++;
      return world;
    },
    worldConfig,
    registry,
    'long-tail',
  );
  const pipeline = longTailPipeline(config, sources, registry);
  const runner = quietRunner(cacheDir);
  const metrics = await pipeline.collect(runner);
  return { metrics, runner, world, built };
};

/** A stage runner over `cacheDir` that logs nothing. */
function quietRunner(cacheDir: string): StageRunner {
  return new StageRunner({
    root: cacheDir,
    cacheDir,
    log: () => {},
    progress: (label, total, unit) => createProgress(label, total, unit),
    digests: new FileDigests(),
  });
}

describe('the simulated world as a data source of the paper pipelines', () => {
  it("gives the long-tail pipeline the demo's numbers, and a rerun loads every stage from the cache", async () => {
    const cacheDir = tempDir();
    const first = await run(cacheDir);
    const ours = first.metrics.benchmarks['simulated-lt'].result.methods;
    const demo = runLongTail(first.world, { alpha: 0.5 });
    for (const row of demo.rows) {
      const r = ours[row.method];
      expect([row.method, r?.top1, r?.groups, r?.ece]).toEqual([
        row.method,
        row.scores.top1,
        { head: row.scores.head, medium: row.scores.medium, tail: row.scores.tail },
        row.scores.ece,
      ]);
    }
    expect(Object.keys(ours)).toContain('gla-true-prior');
    expect(first.runner.counts.computed['linear-head']).toBe(1);
    const second = await run(cacheDir);
    expect(JSON.stringify(second.metrics)).toBe(JSON.stringify(first.metrics));
    // Every stage comes from the cache: the world is not even asked for (`built` counts its uses).
    expect(second.runner.counts.computed).toEqual({});
    expect(first.built).toBeGreaterThan(0);
    expect(second.built).toBe(0);
  });

  it('stores the labels and the true prior, so a rerun reads them without building the world', async () => {
    const cacheDir = tempDir();
    const world = createSimulatedWorld(worldConfig);
    const read = async () => {
      let built = 0;
      const registry = new StageRegistry();
      const counted = () => {
        built++;
        return world;
      };
      const sources = simulatedSources(counted, worldConfig, registry, 'few-shot');
      const runner = quietRunner(cacheDir);
      const unit = { dataset: 'simulated', shots: 2, seed: 3 };
      const nodes: StageNode[] = [sources.labels('train', unit), sources.labels('test', unit), sources.truePrior()];
      const [train, test, prior] = (await runner.run(nodes)) as [Int32Array, Int32Array, Float64Array];
      return { train, test, prior, built };
    };
    const first = await read();
    expect(first.built).toBeGreaterThan(0);
    const second = await read();
    expect(second.built).toBe(0);
    expect(second.train).toEqual(world.fewShot(2, 3).train.labels);
    expect(second.test).toEqual(world.test.labels);
    expect(second.prior).toEqual(world.pretrainingPrior);
  });
});
