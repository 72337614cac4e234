import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJobs } from '../src/jobs-flag.js';
import { runGla, tempDir } from './cli-harness.js';

describe('--jobs', () => {
  it('takes a positive integer, and nothing means every core (decided by the runner)', () => {
    expect(parseJobs('1')).toBe(1);
    expect(parseJobs('16')).toBe(16);
    expect(parseJobs(undefined)).toBeUndefined();
    for (const bad of ['0', '-2', '1.5', 'two', '', '2x'])
      expect(() => parseJobs(bad)).toThrow(`--jobs: expected a positive integer, got '${bad}'`);
  });

  it('stops gla demo and gla run with one line and exit code 2 before any work', async () => {
    const out = join(tempDir(), 'out');
    const demo = await runGla(['demo', '--jobs', '0', '--out', out]);
    expect([demo.code, demo.lines[0]]).toEqual([2, "gla: --jobs: expected a positive integer, got '0'"]);
    expect(existsSync(out)).toBe(false);
    const run = await runGla(['run', 'configs/demo/few-shot.yaml', '--jobs', 'x', '--dry-run']);
    expect([run.code, run.lines[0]]).toEqual([2, "gla: --jobs: expected a positive integer, got 'x'"]);
  });
});
