import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeNpyHeader } from '@gla/core';
import type { BenchContext } from './bench-context.js';
import { count, seconds } from './bench-context.js';
import { type BenchRow, secondsBound } from './bench-types.js';
import { clipLikeLogits } from './clip-like-logits.js';
import { timingOf } from './measure.js';
import { spawnNodeMeasured } from './spawn-node.js';
import { findPython } from './reference-programs.js';

/** Issue 15's bound on a command's peak RSS, as a multiple of its input logits' size. */
const RSS_BOUND = 1.3;

/** Issue 15's bound on the whole-process time of `gla estimate-prior` and `gla evaluate` on 50,000 x 1,000 logits, in seconds. */
const WHOLE_PROCESS_BOUND = 0.6;

/** packages/bench/reference, beside both src/ and dist/. */
const EVALUATE_REFERENCE = fileURLToPath(new URL('../reference/evaluate.py', import.meta.url));

/**
 * Wall seconds of the NumPy whole-process reference of `gla evaluate` (reference/evaluate.py, spawned with
 * the Python that has NumPy, see `findPython`, and waited for), or why it did not run (no NumPy, a failure).
 */
function numpyEvaluateSeconds(args: string[], cwd: string): { seconds?: number; skipped?: string } {
  const found = findPython('numpy', 'numpy.__version__');
  if (!found) return { skipped: 'no python3 with NumPy on this machine' };
  const start = performance.now();
  const child = spawnSync(found.python, [EVALUATE_REFERENCE, ...args], { cwd, encoding: 'utf8' });
  const elapsed = (performance.now() - start) / 1000;
  if (child.error) return { skipped: `python3 did not start (${child.error.message})` };
  if (child.status !== 0)
    return { skipped: `NumPy reference failed: ${(child.stderr ?? '').trim().split('\n').pop()}` };
  return { seconds: elapsed };
}

/**
 * Whole-process time and peak RSS of `gla estimate-prior` and `gla evaluate` on ImageNet-sized logits (50,000 x
 * 1,000 float32, 200 MB per matrix; 2,000 x 100 with `--quick`), spawned as a user runs them, with their default
 * threads. Peak RSS is each child's own (a preloaded probe reports its VmHWM on exit, see `spawnNodeMeasured`); the bound is issue 15's
 * 1.3 x the input logits (one matrix for estimate-prior, two for evaluate). Medians of 3 runs (1 with `--quick`,
 * whose report judges no target).
 */
export function cliMemoryRows(context: BenchContext, bin: string): BenchRow[] {
  const rows = context.quick ? 2_000 : 50_000;
  const classes = context.quick ? 100 : 1_000;
  const runs = context.quick ? 1 : 3;
  context.log(
    `cli: generating ${count(rows)} x ${count(classes)} zero-shot and fine-tuned logits for whole-process memory`,
  );
  const data = clipLikeLogits({ rows, classes, seed: 11 });
  const bytes = (a: Float32Array | Int32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const file = (name: string, header: Uint8Array, a: Float32Array | Int32Array) => {
    const path = join(context.workDir, name);
    writeFileSync(path, Buffer.concat([header, bytes(a)]));
    return path;
  };
  const zs = file('zs_big.npy', encodeNpyHeader('<f4', [rows, classes]), data.zeroShot.data);
  const ft = file('ft_big.npy', encodeNpyHeader('<f4', [rows, classes]), data.fineTuned.data);
  const labels = file('y_big.npy', encodeNpyHeader('<i4', [rows]), data.labels);
  const matrixBytes = rows * classes * 4;
  const jobs = [
    {
      name: 'gla estimate-prior',
      args: [bin, 'estimate-prior', '--logits', zs, '--labels', labels, '--out', 'prior_big.json'],
      inputBytes: matrixBytes,
    },
    {
      name: 'gla estimate-prior --no-standard-errors',
      args: [
        bin,
        'estimate-prior',
        '--logits',
        zs,
        '--labels',
        labels,
        '--out',
        'prior_big_nose.json',
        '--no-standard-errors',
      ],
      inputBytes: matrixBytes,
    },
    {
      name: 'gla evaluate',
      args: [bin, 'evaluate', '--labels', labels, '--zero-shot', zs, '--fine-tuned', ft, '--prior', 'prior_big.json'],
      inputBytes: 2 * matrixBytes,
    },
  ];
  jobs[2].args.push('--out', 'metrics_big.json');
  const out: BenchRow[] = [];
  for (const job of jobs) {
    context.log(`cli: ${runs} run(s) of ${job.name} on ${count(rows)} x ${count(classes)}`);
    const evaluate = job.name === 'gla evaluate';
    // The NumPy reference of evaluate runs interleaved with it, so that the machine's load hits both alike.
    const numpy: { seconds?: number; skipped?: string }[] = [];
    const measured = Array.from({ length: runs }, () => {
      const run = spawnNodeMeasured(job.args, context.workDir, context.workDir, { GLA_NO_PROGRESS: '1' });
      if (evaluate) numpy.push(numpyEvaluateSeconds([zs, ft, labels], context.workDir));
      return run;
    });
    const timing = timingOf(measured.map((m) => m.seconds));
    const rss = measured.map((m) => m.peakRssBytes).sort((a, b) => a - b)[Math.floor(runs / 2)];
    const ratio = rss / job.inputBytes;
    const what = `${job.name}, ${count(rows)} x ${count(classes)} float32, whole process`;
    const numpySeconds = numpy.flatMap((r) => (r.seconds === undefined ? [] : [r.seconds]));
    const references: BenchRow['references'] = !evaluate
      ? undefined
      : numpySeconds.length === runs
        ? [
            {
              name: 'NumPy (reference/evaluate.py: the same five methods, top-1 and ECE; whole process)',
              seconds: timingOf(numpySeconds).median,
              ratio: timing.median / timingOf(numpySeconds).median,
            },
          ]
        : [{ name: 'NumPy', skipped: numpy.find((r) => r.skipped)?.skipped ?? 'no figure' }];
    out.push({
      name: what,
      value: timing.median,
      unit: 's',
      timing,
      ...(references ? { references } : {}),
      // Issue 15's 0.6 s holds for estimate-prior as for evaluate; its reference (NumPy's damped Newton) computes
      // no standard errors, so the row without them is judged too.
      ...(!context.quick ? secondsBound(WHOLE_PROCESS_BOUND, timing.median, '15') : {}),
      notes: [
        'default threads; spawned and waited for',
        ...(job.name === 'gla estimate-prior' ? ['with the sandwich standard errors (the default)'] : []),
      ],
    });
    out.push({
      name: `${what}: peak RSS / input logits`,
      value: ratio,
      unit: 'x',
      target: { bound: RSS_BOUND, direction: 'at most', unit: 'x', text: `<= ${RSS_BOUND} x, issue 15` },
      met: ratio <= RSS_BOUND,
      notes: [
        `peak RSS ${(rss / 1e6).toFixed(0)} MB (median of ${runs}) for ${(job.inputBytes / 1e6).toFixed(0)} MB of logits`,
      ],
    });
    context.log(
      `cli: ${what}: ${seconds(timing.median)}, peak RSS ${(rss / 1e6).toFixed(0)} MB = ${ratio.toFixed(2)} x the logits`,
    );
  }
  return out;
}
