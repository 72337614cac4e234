import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeNpy } from '@gla/core';
import { describe, expect, it } from 'vitest';
import { tempDir } from './cli-harness.js';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/bin.js');

/** Runs `gla` as a user would: the bin linked onto PATH, from `cwd`. */
function gla(args: string[], cwd: string, pathDir: string) {
  const result = spawnSync('gla', args, {
    cwd,
    env: { ...process.env, PATH: `${pathDir}:${process.env.PATH}`, GLA_NO_PROGRESS: '1' },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the gla bin', () => {
  // Balanced labels and logits with a clear signal: 4 classes, 8 samples each.
  const k = 4;
  const labels = Int32Array.from({ length: 32 }, (_, i) => i % k);
  const logits = Float32Array.from({ length: 32 * k }, (_, t) => {
    const i = Math.floor(t / k);
    const j = t % k;
    return (j === labels[i] ? 2 : 0) + 0.5 * Math.sin(7 * t) + 0.3 * j;
  });

  it('runs from any folder through a link on PATH, with paths relative to that folder', () => {
    const home = tempDir();
    const bin = join(home, 'bin');
    mkdirSync(bin);
    symlinkSync(BIN, join(bin, 'gla'));
    const work = join(home, 'project', 'sub');
    mkdirSync(work, { recursive: true });
    writeFileSync(join(work, 'zs.npy'), encodeNpy(logits, [32, k]));
    writeFileSync(join(work, 'y.npy'), encodeNpy(labels, [32]));
    const run = gla(['estimate-prior', '--logits', 'zs.npy', '--labels', 'y.npy', '--out', 'prior.json'], work, bin);
    expect(run.code, run.stderr).toBe(0);
    const prior = JSON.parse(readFileSync(join(work, 'prior.json'), 'utf8'));
    expect(prior.estimationSet.logits).toBe(join(work, 'zs.npy'));
    expect(prior.prior).toHaveLength(k);
    const missing = gla(['estimate-prior', '--logits', 'nope.npy', '--labels', 'y.npy', '--out', 'p.json'], work, bin);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`gla: nope.npy: file not found (looked for ${join(work, 'nope.npy')})\n`);
    const help = gla(['--help'], home, bin);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: gla \[options\] \[command\]/);
    for (const command of ['estimate-prior', 'evaluate', 'features', 'logits', 'zeroshot-head', 'run', 'report'])
      expect(help.stdout).toContain(`  ${command}`);
  });

  it('under `pnpm gla` (run from the repository root) goes back to the folder the user typed it in', () => {
    const work = tempDir();
    writeFileSync(join(work, 'zs.npy'), encodeNpy(logits, [32, k]));
    writeFileSync(join(work, 'y.npy'), encodeNpy(labels, [32]));
    const args = ['estimate-prior', '--logits', 'zs.npy', '--labels', 'y.npy', '--out', 'prior.json'];
    const result = spawnSync(process.execPath, [BIN, ...args], {
      cwd: resolve(BIN, '../../../..'),
      env: { ...process.env, npm_lifecycle_event: 'gla', INIT_CWD: work, GLA_NO_PROGRESS: '1' },
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(work, 'prior.json'), 'utf8')).estimationSet.labels).toBe(join(work, 'y.npy'));
  });
});
