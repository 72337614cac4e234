import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { methodLabel } from '@gla/core';
import { buildPaperReport, runPaperExperiment } from '../../src/index.js';
import { runLongTail } from './helpers/direct-demo/run-long-tail.js';
import type { LongTailMetrics } from '../../src/paper/pipelines/long-tail-pipeline.js';
import type { ManyShotMetrics } from '../../src/paper/pipelines/many-shot-pipeline.js';
import type { FewShotMetrics } from '../../src/paper/pipelines/few-shot-pipeline.js';
import { runManyShot } from './helpers/direct-demo/run-many-shot.js';
import { runFewShot } from './helpers/direct-demo/run-few-shot.js';
import { priorRecovery } from './helpers/direct-demo/prior-recovery.js';
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

/** configs/demo/<name>.yaml with the small world, and other keys replaced. */
function demoConfig(root: string, name: string, replace: [RegExp, string][] = []): string {
  let text = readFileSync(join(repoRoot, `configs/demo/${name}.yaml`), 'utf8').replace(
    '  seed: 0\n',
    `  seed: 0\n  overrides: ${JSON.stringify(small)}\n`,
  );
  for (const [from, to] of replace) text = text.replace(from, to);
  const file = join(root, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}
const world = () => simulatedWorldOf({ kind: 'simulated', world: 'default', seed: 0, overrides: small })();

describe('gla run with data.kind: simulated (configs/demo/)', () => {
  it("many-shot: the demo's in-domain and shifted numbers", async () => {
    const root = tempDir();
    const run = await runPaperExperiment({ configFile: demoConfig(root, 'many-shot'), root, runId: 'a' });
    const m = run.record!.metrics as ManyShotMetrics;
    const demo = runManyShot(world(), { alphaSweep: [] });
    for (const row of demo.rows) {
      const r = m.inDomain.methods[row.method];
      expect([row.method, r?.top1, r?.groups, r?.ece]).toEqual([
        row.method,
        row.scores.top1,
        { head: row.scores.head, medium: row.scores.medium, tail: row.scores.tail },
        row.scores.ece,
      ]);
      expect(m.shifts.map((s) => m.shifted[s].methods[row.method]?.top1)).toEqual(row.shifted);
    }
    // How sure q is: the cached stage finds the demo's standard errors (val, T = 1), median over 15 classes = 8th.
    const ses = Array.from(demo.uncertainty.exact.standardErrors).sort((a, b) => a - b);
    expect(m.prior.uncertainty).toEqual({
      medianStandardError: ses[7],
      undeterminedClasses: demo.uncertainty.exact.undeterminedClasses.length,
      threshold: 0.5,
    });
    const table = readFileSync(join(run.runDir!, 'tables/imagenet.md'), 'utf8');
    expect(table).toContain(`median standard error of log q ${ses[7].toFixed(3)}`);
    // The prior recovery: the demo's own rows (its orchestrator, without the stage engine) for both estimators.
    const w = world();
    const recovery = priorRecovery(w, [demo.exact, demo.paper], [demo.uncertainty.exact, demo.uncertainty.paper]);
    const rows = m.priorRecovery!.rows;
    for (const [i, name] of [
      [0, 'exact'],
      [1, 'authors'],
    ] as const) {
      const d = recovery.rows[i];
      expect(rows[i]).toEqual({
        prior: name,
        spearman: d.spearman,
        kl: d.kl,
        imbalance: d.imbalance,
        certificate: d.certificate,
        iterations: d.iterations,
        converged: d.converged,
        rawSum: d.rawSum,
        medianStandardError: d.medianStandardError,
        undeterminedClasses: d.undeterminedClasses,
      });
    }
    expect(rows[2]).toEqual({ prior: 'true', spearman: 1, kl: 0, imbalance: recovery.rows[2].imbalance });
    expect(m.priorRecovery!.biasSpearman).toBe(recovery.biasSpearman);
    expect(m.priorRecovery!.priors.true).toEqual(Array.from(w.pretrainingPrior));
    const recoveryTable = readFileSync(join(run.runDir!, 'tables/prior-recovery.md'), 'utf8');
    expect(recoveryTable).toContain(`Spearman ${recovery.biasSpearman.toFixed(3)} with the true pre-training prior`);
    // gla report draws the prior-recovery plot (both estimators' q against the truth) and carries the table.
    const report = await buildPaperReport({ runDirs: [run.runDir!], out: join(root, 'report') });
    expect(report.files).toContain('demo-many-shot-prior-recovery.svg');
    expect(report.files).toContain('tables/demo-many-shot-prior-recovery.md');
    const spec = JSON.parse(readFileSync(join(root, 'report/demo-many-shot-prior-recovery.vl.json'), 'utf8'));
    expect(JSON.stringify(spec)).toContain('Paper solver (1000 SGD steps)');
  });

  it("few-shot: the demo's per-run top-1 and temperatures", async () => {
    const root = tempDir();
    const file = demoConfig(root, 'few-shot', [
      [/^shots: .*$/m, 'shots: [1, 4]'],
      [/^seeds: .*$/m, 'seeds: [1]'],
    ]);
    const run = await runPaperExperiment({ configFile: file, root, runId: 'a' });
    const m = run.record!.metrics as FewShotMetrics;
    const demo = runFewShot(world(), { shots: [1, 4], seeds: [1] });
    for (const d of demo.runs) {
      const r = m.runs.find((x) => x.shots === d.shots && x.seed === d.seed)!;
      expect(r.temperatures).toEqual({ zeroShot: d.zeroShotTemperature, fineTuned: d.fineTunedTemperature });
      for (const [id, top1] of Object.entries(d.top1))
        expect([id, r.top1[id as keyof typeof r.top1]]).toEqual([id, top1]);
    }
  });

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
    expect(table).toMatch(
      /How sure the exact q is on .*: median standard error of log q \d\.\d{3}; \d+ undetermined class/,
    );
    const second = await runPaperExperiment({ configFile: config, root, runId: 'b' });
    expect(second.computed).toEqual([]);
    expect(JSON.stringify(second.record!.metrics)).toBe(JSON.stringify(first.record!.metrics));
  });
});
