import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDemoConfig, runDemo } from '@gla/experiments';
import { describe, expect } from 'vitest';
import { reliabilityCase } from './reliability-case.js';
import { tempDir } from './helpers/temp-dirs.js';
import { runNode, startNode, waitFor } from './helpers/run-gla.js';

const SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), 'scripts/run-demo.mjs');
// A small world whose 12 few-shot runs take a few hundred milliseconds in all: time to kill the run mid-way.
const WORLD = {
  classes: 40,
  dims: 16,
  pretrainingSamples: 4000,
  trainPerClass: 16,
  valPerClass: 8,
  testPerClass: 20,
  longTailMaxCount: 60,
};
const CONFIG = {
  out: 'demo',
  fewShot: { shots: [1, 2, 4, 8], seeds: [1, 2, 3] },
  paperSolver: { iterations: 100 },
  alphaSweep: [0, 0.5, 1],
};

/** Finished few-shot checkpoints under `root` (any key). */
function checkpoints(root: string): string[] {
  const base = join(root, '.demo.checkpoints');
  if (!existsSync(base)) return [];
  return readdirSync(base).flatMap((key) =>
    readdirSync(join(base, key))
      .filter((f) => f.endsWith('.json'))
      .map((f) => join(base, key, f)),
  );
}

/** Every output file, by name, as bytes. */
function outputFiles(outDir: string): Map<string, Buffer> {
  return new Map(
    readdirSync(outDir)
      .sort()
      .map((name) => [name, readFileSync(join(outDir, name))]),
  );
}

describe('demo runs', () => {
  reliabilityCase(
    'run.demo-sigkill-resume',
    async () => {
      const referenceRoot = tempDir();
      await runDemo(parseDemoConfig(CONFIG), referenceRoot, () => {}, WORLD);
      const root = tempDir();
      const args = [root, JSON.stringify(WORLD), JSON.stringify(CONFIG)];
      const started = startNode(SCRIPT, args, { timeoutMs: 60_000 });
      await waitFor(() => checkpoints(root).length >= 2, 50_000, 'two few-shot checkpoints');
      started.child.kill('SIGKILL');
      expect((await started.done).signal).toBe('SIGKILL');
      const saved = checkpoints(root);
      expect(saved.length).toBeGreaterThanOrEqual(2);
      expect(saved.length).toBeLessThan(12);
      expect(existsSync(join(root, 'demo'))).toBe(false); // never a half-written output folder
      expect(readdirSync(root).some((f) => f.startsWith('.demo.staging-'))).toBe(true); // the killed run's staging

      // A damaged checkpoint is not trusted: it is recomputed.
      writeFileSync(saved[0], '{"format": "gla-demo-few-shot-checkpoint/1", "run": {"shots": ');
      // Another config never reads these checkpoints (its key differs).
      const other: string[] = [];
      await runDemo(parseDemoConfig({ ...CONFIG, seed: 1 }), root, (line) => other.push(line), {
        ...WORLD,
        classes: 10,
        pretrainingSamples: 1000,
      });
      expect(other.some((l) => l.includes('resumed'))).toBe(false);
      expect(checkpoints(root)).toHaveLength(saved.length);

      const again = await runNode(SCRIPT, args, { timeoutMs: 60_000 });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toMatch(new RegExp(`few-shot: resumed ${saved.length - 1} of 12 runs from checkpoints in `));
      expect(again.stderr).toMatch(/few-shot: ignored 1 unusable checkpoint\(s\)/);
      const resumed = outputFiles(join(root, 'demo'));
      const reference = outputFiles(join(referenceRoot, 'demo'));
      expect([...resumed.keys()]).toEqual([...reference.keys()]);
      for (const [name, bytes] of reference)
        expect(resumed.get(name)!.equals(bytes), `${name} byte-identical`).toBe(true);
      expect(readdirSync(root).filter((f) => f.startsWith('.'))).toEqual([]); // checkpoints and stagings cleaned up
    },
    { timeout: 90_000 },
  );
});
