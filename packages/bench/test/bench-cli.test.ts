import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { benchCli } from '../src/bench-cli.js';
import { QUICK_SIZES } from '../src/bench-types.js';
import { RssSampler } from '../src/measure.js';

describe('bench cli section', () => {
  const saved = process.env.GLA_CLI_BIN;
  afterEach(() => {
    if (saved === undefined) delete process.env.GLA_CLI_BIN;
    else process.env.GLA_CLI_BIN = saved;
  });

  it('names the gla bin it cannot find instead of timing nothing', async () => {
    const workDir = await mkdtemp(join(tmpdir(), 'gla-bench-cli-'));
    const sampler = new RssSampler();
    try {
      process.env.GLA_CLI_BIN = join(workDir, 'no-such-bin.js');
      await expect(benchCli({ sizes: QUICK_SIZES, quick: true, sampler, workDir, log: () => {} })).rejects.toThrow(
        `${join(workDir, 'no-such-bin.js')} not found`,
      );
    } finally {
      await sampler.close();
      await rm(workDir, { recursive: true, force: true });
    }
  });

  it('fails with the command and its message when a timed command exits non-zero', async () => {
    const workDir = await mkdtemp(join(tmpdir(), 'gla-bench-cli-'));
    const sampler = new RssSampler();
    try {
      // A stand-in bin that always fails: the section must not report its time as a measurement.
      const bin = join(workDir, 'failing-bin.mjs');
      await writeFile(bin, "console.error('boom'); process.exit(3);\n");
      process.env.GLA_CLI_BIN = bin;
      await expect(benchCli({ sizes: QUICK_SIZES, quick: true, sampler, workDir, log: () => {} })).rejects.toThrow(
        /exited with 3: boom/,
      );
    } finally {
      await sampler.close();
      await rm(workDir, { recursive: true, force: true });
    }
  });
});
