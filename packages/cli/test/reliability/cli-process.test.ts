import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeNpy } from '@gla/core';
import { describe, expect } from 'vitest';
import { reliabilityCase } from './reliability-case.js';
import { tempDir } from './helpers/temp-dirs.js';
import { writeBytes, writeNpy } from './helpers/npy-bytes.js';
import { runGlaProcess, type ChildResult } from './helpers/run-gla.js';

// The built `gla` (packages/cli/dist/bin.js) in a real child process: the exit code and stderr a shell sees.
const dir = tempDir();
const n = 6;
const k = 3;
const logitsData = Float32Array.from({ length: n * k }, (_, i) => Math.sin(i));
const zs = writeNpy(dir, 'zs.npy', logitsData, [n, k]);
const y = writeNpy(dir, 'y.npy', new Int32Array([0, 1, 2, 0, 1, 2]), [n]);
const prior = writeBytes(dir, 'prior.json', JSON.stringify([0.5, 0.3, 0.2]));
const out = join(dir, 'out.json');

/** Exit code 2, exactly one stderr line `gla: <file>: ...`, nothing on stdout, no output file. */
function expectOneLineFailure(result: ChildResult, file: string, problem: RegExp) {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.endsWith('\n')).toBe(true);
  const lines = result.stderr.slice(0, -1).split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0].startsWith(`gla: ${file}: `), lines[0]).toBe(true);
  expect(lines[0]).toMatch(problem);
  expect(existsSync(out)).toBe(false);
}

describe('gla in a child process', () => {
  reliabilityCase('cli.process-truncated-npy', async () => {
    const bytes = encodeNpy(logitsData, [n, k]);
    const file = writeBytes(dir, 'cut.npy', bytes.subarray(0, bytes.length - 4));
    expectOneLineFailure(
      await runGlaProcess(['estimate-prior', '--logits', file, '--labels', y, '--out', out]),
      file,
      /truncated data/,
    );
  });
  reliabilityCase('cli.process-nan', async () => {
    const file = writeNpy(
      dir,
      'ft-nan.npy',
      logitsData.map((v, i) => (i === 4 ? NaN : v)),
      [n, k],
    );
    expectOneLineFailure(
      await runGlaProcess([
        'evaluate',
        '--labels',
        y,
        '--zero-shot',
        zs,
        '--fine-tuned',
        file,
        '--prior',
        prior,
        '--out',
        out,
      ]),
      file,
      /non-finite value NaN at row 1, column 1/,
    );
  });
  reliabilityCase('cli.process-label-range', async () => {
    const file = writeNpy(dir, 'y-bad.npy', new Int32Array([0, 1, 2, 0, 3, 2]), [n]);
    expectOneLineFailure(
      await runGlaProcess(['estimate-prior', '--logits', zs, '--labels', file, '--out', out]),
      file,
      /label 3 at index 4 is outside \[0, 3\)/,
    );
  });
  reliabilityCase('cli.process-bad-config', async () => {
    // One of the demo's configs (configs/demo/few-shot.yaml) with a misspelt key, run as gla run runs it.
    const demoConfig = readFileSync(new URL('../../../../configs/demo/few-shot.yaml', import.meta.url), 'utf8');
    const file = writeBytes(dir, 'demo.yaml', `${demoConfig}seedz: [1]\nresultsDir: ${join(dir, 'demo')}\n`);
    expectOneLineFailure(await runGlaProcess(['run', file]), file, /seedz: unknown key/);
    expect(existsSync(join(dir, 'demo'))).toBe(false);
  });
  reliabilityCase('cli.process-unwritable-out', async () => {
    const blocker = writeBytes(dir, 'blocker', 'x');
    const target = join(blocker, 'prior.json');
    expectOneLineFailure(
      await runGlaProcess(['estimate-prior', '--logits', zs, '--labels', y, '--out', target]),
      target,
      /cannot write \(ENOTDIR/,
    );
  });
  reliabilityCase('cli.process-success', async () => {
    const result = await runGlaProcess(['estimate-prior', '--logits', zs, '--labels', y, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^exact solver: converged \(certificate [^\n]*\)[^\n]*\n/);
    expect(result.stderr.split('\n').slice(1)).toEqual([`wrote ${out}`, '']);
    expect(existsSync(out)).toBe(true);
  });
});
