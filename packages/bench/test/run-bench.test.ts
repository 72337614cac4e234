import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BENCH_SECTIONS, runBench, type BenchReport } from '../src/index.js';

// The full benchmark is ImageNet-scale (minutes): CI only runs it at --quick sizes, end to end. Sections run in
// child processes and worker threads on the compiled packages, so `pnpm build` must have run (turbo does it).
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('gla bench --quick', () => {
  it('runs every section at tiny sizes and writes the JSON and Markdown reports', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'gla-bench-test-'));
    dirs.push(outDir);
    const lines: string[] = [];
    const run = await runBench({ quick: true, outDir, date: '2000-01-02', log: (line) => lines.push(line) });
    expect(run.json).toBe(join(outDir, '2000-01-02-quick.json'));
    const report = JSON.parse(await readFile(run.json, 'utf8')) as BenchReport;
    expect(report.sections.map((s) => s.section)).toEqual([...BENCH_SECTIONS]);
    for (const section of report.sections) {
      expect(section.error, `${section.section}: ${section.error}`).toBeUndefined();
      expect(section.rows.length).toBeGreaterThan(0);
      for (const row of section.rows) expect(Number.isFinite(row.value), `${section.section}: ${row.name}`).toBe(true);
      expect(section.peakRssBytes).toBeGreaterThan(0);
    }
    // Every kernel job carries its in-run references: a figure with its ratio, or the reason it was skipped.
    const kernels = report.sections.find((s) => s.section === 'kernels');
    for (const row of kernels?.rows ?? []) {
      expect(row.references?.length).toBe(2);
      for (const r of row.references ?? []) {
        if (r.seconds === undefined) expect(r.skipped).toBeTruthy();
        else expect(r.ratio).toBeCloseTo(row.value / r.seconds, 12);
      }
    }
    // The CLI section: whole-process times beside Node's own start-up, measured in the same run.
    const cli = report.sections.find((s) => s.section === 'cli');
    expect(cli?.rows.map((r) => r.name)).toEqual([
      'gla --help, whole process',
      'gla --help, whole process (same runs)',
      'gla estimate-prior, 1,000 x 100 float32, whole process',
      'gla estimate-prior, 2,000 x 100 float32, whole process',
      'gla estimate-prior, 2,000 x 100 float32, whole process: peak RSS / input logits',
      'gla estimate-prior --no-standard-errors, 2,000 x 100 float32, whole process',
      'gla estimate-prior --no-standard-errors, 2,000 x 100 float32, whole process: peak RSS / input logits',
      'gla evaluate, 2,000 x 100 float32, whole process',
      'gla evaluate, 2,000 x 100 float32, whole process: peak RSS / input logits',
    ]);
    // Each child's own peak RSS (a preloaded probe), over its input logits: at least Node's own memory.
    for (const row of cli?.rows.filter((r) => r.unit === 'x') ?? []) {
      expect(row.value).toBeGreaterThan(1);
      expect(row.notes?.[0]).toMatch(/^peak RSS \d+ MB \(median of 1\) for \d+ MB of logits$/);
    }
    for (const row of cli?.rows.slice(0, 3) ?? []) {
      expect(row.references?.[0].name).toMatch(/^node -e 0/);
      expect(row.references?.[0].ratio).toBeCloseTo(row.value / (row.references?.[0].seconds as number), 12);
      // A whole gla process does at least what `node -e 0` does.
      expect(row.value).toBeGreaterThan(row.references?.[0].seconds as number);
    }
    // Targets stay in the report, unjudged at these sizes.
    const targets = report.sections.flatMap((s) => s.rows).filter((r) => r.target);
    expect(targets.map((r) => r.target?.text)).toEqual([
      '<= 5 s wall',
      '<= 3 s',
      '<= 3x the logits',
      '<= 30 s to convergence',
      '<= 10 %',
      '< 0.3 s, issue 12',
      '< 0.15 s, issue 15',
      '< 0.6 s, issue 12',
      '<= 1.3 x, issue 15',
      '<= 1.3 x, issue 15',
      '<= 1.3 x, issue 15',
      '< 20 s, issue 15',
    ]);
    expect(targets.every((r) => r.met === undefined)).toBe(true);
    // The demo section: `gla demo --jobs 2` from an empty cache, then from the full one, each child's CPU beside.
    const demo = report.sections.find((s) => s.section === 'demo');
    expect(demo?.rows.map((r) => r.name)).toEqual([
      'gla demo --jobs 2, from an empty stage cache, whole process',
      'gla demo --jobs 2, from a full stage cache, whole process',
    ]);
    for (const row of demo?.rows ?? [])
      expect(row.notes?.[0]).toMatch(/^CPU [\d.]+ s \(median, every thread\); peak RSS \d+ MB$/);
    // The full cache serves every stage: far less CPU than computing them.
    const [cold, warm] = demo?.rows ?? [];
    expect(warm.timing?.cpuMedian).toBeLessThan((cold.timing?.cpuMedian as number) / 2);
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.machine.onnxruntime).toMatch(/^\d+\.\d+/);
    const markdown = await readFile(run.markdown, 'utf8');
    for (const title of [
      'Prior estimation',
      'Evaluation of an ImageNet-scale run',
      'Linear head training',
      'Feature extraction',
      'Command-line start-up',
      '`pnpm demo`',
    ])
      expect(markdown).toContain(`## ${title}`);
    expect(markdown).toContain('not judged');
    expect(lines.some((line) => line.startsWith('features:'))).toBe(true);
  }, 300_000);
});
