import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGla } from './cli-harness.js';

describe('the gla command line', () => {
  it('reports a mistyped flag as unknown, with the closest known flag, before any missing required flag', async () => {
    const { code, lines } = await runGla(['estimate-prior', '--logit', 'zs.npy', '--labels', 'y.npy']);
    expect(code).toBe(2);
    expect(lines[0]).toBe("error: unknown option '--logit' (did you mean --logits?)");
  });

  it('still reports a missing required flag, naming it', async () => {
    const { code, lines } = await runGla(['evaluate', '--labels', 'y.npy']);
    expect(code).toBe(2);
    expect(lines[0]).toBe("error: required option '--zero-shot <file>' not specified");
  });

  it('prints the package version with --version', async () => {
    const version = (
      JSON.parse(readFileSync(join(import.meta.dirname, '../package.json'), 'utf8')) as { version: string }
    ).version;
    const written: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      expect((await runGla(['--version'])).code).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    expect(written.join('')).toBe(`${version}\n`);
  });

  it('suggests the closest command for a mistyped one', async () => {
    const { code, lines } = await runGla(['evaluat']);
    expect(code).toBe(2);
    expect(lines[0]).toBe("error: unknown command 'evaluat' (did you mean evaluate?)");
  });
});
