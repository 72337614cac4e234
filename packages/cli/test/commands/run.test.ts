import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGla, tempDir } from '../cli-harness.js';
import { longTailLayout } from './long-tail-layout.js';

process.env.GLA_NO_PROGRESS = '1';

describe('gla run', () => {
  it('prints the plan with --dry-run and writes nothing', async () => {
    const dir = tempDir();
    const config = longTailLayout(dir);
    const { code, lines } = await runGla(['run', config, '--dry-run']);
    expect(code).toBe(0);
    expect(lines[0]).toBe(`Plan for ${config} (long-tail, experiment cli-long-tail, data: logits)`);
    // The summary only; the per-stage lines come with --verbose.
    expect(lines.some((l) => /run +prior +places-lt\/prior/.test(l))).toBe(false);
    expect(lines).toContain('  prior          2 stage(s): 2 run');
    expect(lines.some((l) => /prior-uncertainty/.test(l))).toBe(true);
    const total = lines.find((l) => l.startsWith('Total: ')) as string;
    expect(total).toMatch(
      /^Total: \d+ stages = 0 cached \+ 4 would run \+ \d+ read \+ \d+ skipped \(not needed\) \+ 0 missing inputs \+ 0 blocked by them\.$/,
    );
    const [stated, ...parts] = (total.match(/\d+/g) as string[]).map(Number);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(stated);
    const verbose = await runGla(['run', config, '--dry-run', '--verbose']);
    expect(verbose.lines.some((l) => /run +prior +places-lt\/prior/.test(l))).toBe(true);
    // q by both estimators, how sure the exact q is, the evaluation.
    expect(verbose.lines.some((l) => /run +prior-uncertainty +places-lt\/prior-uncertainty/.test(l))).toBe(true);
    expect(existsSync(join(dir, 'results'))).toBe(false);
  });

  it('exits 3 from a dry run blocked by a missing input, naming it under its dataset', async () => {
    const dir = tempDir();
    const config = longTailLayout(dir);
    writeFileSync(
      join(dir, 'missing.yaml'),
      readFileSync(config, 'utf8').replace(`${dir}/ft-test.npy`, `${dir}/nope.npy`),
    );
    const { code, lines } = await runGla(['run', join(dir, 'missing.yaml'), '--dry-run']);
    expect(code).toBe(3);
    const total = lines.find((l) => l.startsWith('Total: ')) as string;
    const [stated, ...parts] = (total.match(/\d+/g) as string[]).map(Number);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(stated);
    expect(total).toMatch(/\+ 1 missing inputs \+ [1-9]\d* blocked by them\.$/);
    const at = lines.findIndex((l) => l.startsWith('Missing inputs (1)'));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 2]).toBe(`    - ${dir}/nope.npy: file not found (models.fineTuned.files.test = ${dir}/nope.npy)`);
  });

  it('runs the experiment into results/<experiment>/<run-id> and reuses the cache on a rerun', async () => {
    const dir = tempDir();
    const config = longTailLayout(dir);
    const first = await runGla(['run', config, '--run-id', 'one']);
    expect(first.code).toBe(0);
    const runDir = join(dir, 'results/cli-long-tail/one');
    const metrics = JSON.parse(readFileSync(join(runDir, 'metrics.json'), 'utf8'));
    expect(metrics.metrics.benchmarks['places-lt'].result.methods.gla.top1).toEqual(expect.any(Number));
    expect(metrics.models).toEqual({ zeroShot: 'logits', fineTuned: 'logits', wiseFt: 'none' });
    expect(first.lines.at(-1)).toBe(`tables: ${runDir}/tables/ (report: gla report ${runDir})`);
    const second = await runGla(['run', config, '--run-id', 'two']);
    expect(second.code).toBe(0);
    // Counted by kind in the plan's order, whatever order the stages were loaded in (--jobs).
    expect(second.lines).toContain('stages computed: none; from cache: 2 prior, 1 prior-uncertainty, 1 evaluation');
  });

  it('stops with one line naming the file and key for a bad config, a missing file or a bad flag', async () => {
    const dir = tempDir();
    const config = longTailLayout(dir);
    writeFileSync(
      join(dir, 'bad.yaml'),
      readFileSync(config, 'utf8').replace('fineTuned: { kind: logits', 'fineTuned: { kind: checkpoint'),
    );
    const bad = await runGla(['run', join(dir, 'bad.yaml')]);
    expect(bad.code).toBe(2);
    expect(bad.lines).toEqual([
      `gla: ${join(dir, 'bad.yaml')}: models.fineTuned.kind: expected one of onnx|linear-head|logits|simulated`,
    ]);
    writeFileSync(
      join(dir, 'missing.yaml'),
      readFileSync(config, 'utf8').replace(`${dir}/ft-test.npy`, `${dir}/nope.npy`),
    );
    const missing = await runGla(['run', join(dir, 'missing.yaml'), '--run-id', 'x']);
    expect(missing.code).toBe(2);
    expect(missing.lines.at(-1)).toBe(
      `gla: ${dir}/nope.npy: file not found (models.fineTuned.files.test = ${dir}/nope.npy)`,
    );
    const shard = await runGla(['run', config, '--shard', '3/2']);
    expect(shard.code).toBe(2);
    expect(shard.lines).toEqual(["gla: --shard: expected i/n with 1 <= i <= n (e.g. 2/4), got '3/2'"]);
    const noImages = await runGla(['run', config, '--shard', '1/2']);
    expect(noImages.lines.at(-1)).toBe(
      `gla: ${config}: --shard: this config extracts no image features (data.kind is logits)`,
    );
    const absent = await runGla(['run', join(dir, 'absent.yaml')]);
    expect(absent.lines).toEqual([`gla: ${join(dir, 'absent.yaml')}: file not found`]);
  });
});
