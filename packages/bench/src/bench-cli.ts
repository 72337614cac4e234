import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeNpyHeader } from '@gla/core';
import { spawnNodeSeconds } from './spawn-node.js';
import type { BenchContext } from './bench-context.js';
import { count, seconds } from './bench-context.js';
import { type BenchRow, type SectionResult, type Timing, secondsBound } from './bench-types.js';
import { clipLikeLogits } from './clip-like-logits.js';
import { timingOf } from './measure.js';
import { cliMemoryRows } from './bench-cli-memory.js';

/** Rows x classes of the estimation set `gla estimate-prior` is timed on (issue 12's figure). */
const ROWS = 1_000;
const CLASSES = 100;

/**
 * The `gla` bin this benchmark spawns: `GLA_CLI_BIN` when set, else the CLI package's build beside this one
 * (packages/cli/dist/bin.js in the monorepo). The bench package does not import the CLI (the CLI depends on it).
 */
export function cliBinPath(): string {
  const fromEnv = process.env.GLA_CLI_BIN;
  if (fromEnv) return fromEnv;
  return fileURLToPath(new URL('../../cli/dist/bin.js', import.meta.url));
}

/**
 * Whole-process time of the CLI as a user meets it: `gla --help` and `gla estimate-prior` on a generated
 * 1,000 x 100 estimation set (`node packages/cli/dist/bin.js ...`, spawned and waited for; start-up, module
 * loading, reading, solving with standard errors, writing prior.json), beside the in-run reference `node -e 0`
 * (Node's own start-up on this machine, in this run) and the ratio. Rounds interleave the three commands so that
 * the machine's load changes hit all of them alike. Targets: `--help` < 0.3 s (issue 12) and < 0.15 s (issue 15),
 * estimate-prior < 0.6 s (issue 12). Medians of 7 rounds (2 with `--quick`); the children's CPU time and memory
 * are not measured here (the section's peak RSS is the benchmark's own process); `cliMemoryRows` adds
 * estimate-prior and evaluate on 50,000 x 1,000 logits with each child's own peak RSS.
 */
export async function benchCli(context: BenchContext): Promise<SectionResult> {
  const started = performance.now();
  const bin = cliBinPath();
  if (!existsSync(bin)) throw new Error(`bench cli: ${bin} not found; build @gla/cli first (pnpm build)`);
  const rounds = context.quick ? 2 : 7;
  context.log(`cli: generating a ${count(ROWS)} x ${count(CLASSES)} estimation set (logits and labels as .npy)`);
  const { zeroShot, labels } = clipLikeLogits({ rows: ROWS, classes: CLASSES, fineTuned: false, seed: 5 });
  const logitsFile = join(context.workDir, 'zs_val.npy');
  const labelsFile = join(context.workDir, 'y_val.npy');
  const bytes = (a: Float32Array | Int32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  writeFileSync(logitsFile, Buffer.concat([encodeNpyHeader('<f4', [ROWS, CLASSES]), bytes(zeroShot.data)]));
  writeFileSync(labelsFile, Buffer.concat([encodeNpyHeader('<i4', [ROWS]), bytes(labels)]));
  const baseRssBytes = context.sampler.reset();

  const jobs = {
    node: ['-e', '0'],
    help: [bin, '--help'],
    estimate: [bin, 'estimate-prior', '--logits', logitsFile, '--labels', labelsFile, '--out', 'prior.json'],
  };
  const times: Record<keyof typeof jobs, number[]> = { node: [], help: [], estimate: [] };
  // One untimed round first: the OS file cache then holds node, the bundle's modules and the inputs for every run.
  for (const args of Object.values(jobs)) spawnNodeSeconds(args, context.workDir);
  context.log(`cli: ${rounds} rounds of node -e 0, gla --help, gla estimate-prior`);
  for (let round = 0; round < rounds; round++) {
    for (const [job, args] of Object.entries(jobs) as [keyof typeof jobs, string[]][]) {
      times[job].push(spawnNodeSeconds(args, context.workDir));
    }
  }
  const peakRssBytes = context.sampler.peak();
  const node = timingOf(times.node);
  const reference = (timing: Timing): BenchRow['references'] => [
    { name: 'node -e 0 (Node start-up, this run)', seconds: node.median, ratio: timing.median / node.median },
  ];
  const row = (name: string, timing: Timing, bound: number, issue: string, notes: string[]): BenchRow => ({
    name,
    value: timing.median,
    unit: 's',
    timing,
    references: reference(timing),
    ...secondsBound(bound, timing.median, issue),
    notes,
  });
  const help = timingOf(times.help);
  const estimate = timingOf(times.estimate);
  const overNode = (t: Timing) => `${seconds(t.median - node.median)} above Node's own start-up`;
  const rows: BenchRow[] = [
    row('gla --help, whole process', help, 0.3, '12', [overNode(help)]),
    row('gla --help, whole process (same runs)', help, 0.15, '15', []),
    row(`gla estimate-prior, ${count(ROWS)} x ${count(CLASSES)} float32, whole process`, estimate, 0.6, '12', [
      overNode(estimate),
      'defaults: exact solver, no temperature, standard errors of log q; writes prior.json',
    ]),
  ];
  rows.push(...cliMemoryRows(context, bin));
  for (const r of rows.slice(0, 3))
    context.log(`cli: ${r.name}: ${seconds(r.value)} (node -e 0: ${seconds(node.median)}), target ${r.target?.text}`);
  return {
    section: 'cli',
    title:
      'Command-line start-up, a small estimate-prior, and ImageNet-sized estimate-prior and evaluate (issues 12, 15)',
    inputs: `a ${count(ROWS)} x ${count(CLASSES)} CLIP-like float32 logit matrix and int32 labels as .npy; the commands run as spawned processes of ${bin}`,
    rows,
    peakRssBytes,
    baseRssBytes,
    wallSeconds: (performance.now() - started) / 1000,
  };
}
