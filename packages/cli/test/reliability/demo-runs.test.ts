import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDemo } from '@gla/experiments';
import { describe, expect } from 'vitest';
import { reliabilityCase } from './reliability-case.js';
import { tempDir } from './helpers/temp-dirs.js';
import { writeSmallDemoConfigs } from './helpers/demo-configs.js';
import { runNode, startNode, waitFor } from './helpers/run-gla.js';

const SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), 'scripts/run-demo.mjs');
// A small world with 12 few-shot (shots, seed) runs: time to kill the run mid-way.
const WORLD = {
  classes: 40,
  dims: 16,
  pretrainingSamples: 4000,
  trainPerClass: 16,
  valPerClass: 8,
  testPerClass: 20,
  longTailMaxCount: 60,
};
const SCHEDULE = { shots: [1, 2, 4, 8], seeds: [1, 2, 3] };

/** Cached q (both estimators) under `root`'s stage cache. */
function cachedPriors(root: string): string[] {
  const dir = join(root, 'cache/stages/prior');
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => join(dir, f))
    : [];
}

/** Every output file, by path relative to `outDir`, as bytes. */
function outputFiles(outDir: string): Map<string, Buffer> {
  return new Map(
    readdirSync(outDir, { recursive: true })
      .map(String)
      .filter((f) => f.includes('.'))
      .sort()
      .map((name) => [name, readFileSync(join(outDir, name))]),
  );
}

describe('demo runs', () => {
  reliabilityCase(
    'run.demo-sigkill-resume',
    async () => {
      const referenceRoot = tempDir();
      await runDemo({
        root: referenceRoot,
        out: 'demo',
        cacheDir: 'cache',
        configs: writeSmallDemoConfigs(referenceRoot, WORLD, SCHEDULE),
      });
      const root = tempDir();
      const args = [root, JSON.stringify(writeSmallDemoConfigs(root, WORLD, SCHEDULE))];
      const started = startNode(SCRIPT, args, { timeoutMs: 90_000 });
      // Many-shot's two q, then the few-shot runs' two each: kill in the middle of the few-shot runs.
      await waitFor(() => cachedPriors(root).length >= 8, 80_000, 'few-shot priors in the stage cache');
      started.child.kill('SIGKILL');
      expect((await started.done).signal).toBe('SIGKILL');
      const saved = cachedPriors(root);
      expect(saved.length).toBeGreaterThanOrEqual(8);
      expect(saved.length).toBeLessThan(28);
      expect(existsSync(join(root, 'demo'))).toBe(false); // never a half-written output folder
      expect(readdirSync(root).some((f) => f.startsWith('.demo.staging-'))).toBe(true); // the killed run's staging

      // A damaged cache entry is not trusted: it is recomputed.
      writeFileSync(saved[0], '{"prior": [0.5, ');
      const again = await runNode(SCRIPT, args, { timeoutMs: 90_000 });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toMatch(/cache entry .* is damaged .*; recomputing/);
      const resumed = outputFiles(join(root, 'demo'));
      const reference = outputFiles(join(referenceRoot, 'demo'));
      expect([...resumed.keys()]).toEqual([...reference.keys()]);
      for (const [name, bytes] of reference)
        expect(resumed.get(name)!.equals(bytes), `${name} byte-identical`).toBe(true);
      expect(readdirSync(root).filter((f) => f.includes('staging'))).toEqual([]); // the dead staging removed
    },
    { timeout: 240_000 },
  );
});
