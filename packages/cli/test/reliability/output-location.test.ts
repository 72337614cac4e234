import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OutputError, runDemo } from '@gla/experiments';
import { afterAll, describe, expect } from 'vitest';
import { writeSmallDemoConfigs } from './helpers/demo-configs.js';
import { reliabilityCase } from './reliability-case.js';
import { tempDir } from './helpers/temp-dirs.js';
import { writeBytes, writeNpy } from './helpers/npy-bytes.js';
import { expectCleanFailure, expectNoTempFiles, runGla } from './helpers/run-gla.js';
import { readOnlyDir, tinyDisk, type Prepared } from './helpers/tmpfs.js';
import { escapeRegExp } from './helpers/escape-regexp.js';

const dir = tempDir();
const k = 3;
const labels = writeNpy(dir, 'y.npy', new Int32Array([0, 1, 2, 0, 1, 2]), [6]);
const logits = writeNpy(
  dir,
  'zs.npy',
  Float32Array.from({ length: 18 }, (_, i) => Math.sin(i)),
  [6, k],
);
const prior = writeBytes(dir, 'prior.json', JSON.stringify([0.5, 0.3, 0.2]));
const aFile = writeBytes(dir, 'notes.txt', 'a regular file\n');
const estimate = (out: string) => runGla(['estimate-prior', '--logits', logits, '--labels', labels, '--out', out]);
const evaluate = (out: string) =>
  runGla([
    'evaluate',
    '--labels',
    labels,
    '--zero-shot',
    logits,
    '--fine-tuned',
    logits,
    '--prior',
    prior,
    '--out',
    out,
  ]);
const TINY_WORLD = {
  classes: 6,
  dims: 6,
  pretrainingSamples: 300,
  trainPerClass: 6,
  valPerClass: 4,
  testPerClass: 6,
  longTailMaxCount: 12,
};

// Mounted (or chmod-ed) at collection time so a case can be skipped with its reason; undone after the file.
const readOnly = readOnlyDir(join(dir, 'read-only'));
const disk = tinyDisk(join(dir, 'tiny-disk'));
afterAll(() => {
  for (const prepared of [readOnly, disk]) if ('cleanup' in prepared) prepared.cleanup();
});
const skipReason = (p: Prepared) => ('skip' in p ? p.skip : undefined);
const folder = (p: Prepared) => ('dir' in p ? p.dir : '');

describe('output location', () => {
  reliabilityCase('output.parent-is-file', async () => {
    for (const run of [estimate, evaluate]) {
      const out = join(aFile, 'sub', 'out.json');
      expectCleanFailure(await run(out), out, /cannot write \(ENOTDIR: .*notes\.txt is a file, not a folder\)/);
    }
  });
  reliabilityCase('output.existing-folder', async () => {
    expectCleanFailure(await estimate(dir), dir, /cannot write \(EISDIR: the path is a folder\)/);
  });
  reliabilityCase('output.demo-parent-is-file', async () => {
    // Refused before the world is built: the only line is the error (no "building it" line came first).
    const out = join(aFile, 'demo');
    const result = await runGla(['demo', '--out', out]);
    expectCleanFailure(
      result,
      out,
      /cannot write the output \((EEXIST|ENOTDIR): a parent of the path is a file, not a folder\)/,
    );
  });
  reliabilityCase(
    'output.read-only',
    async () => {
      const out = join(folder(readOnly), 'prior.json');
      expectCleanFailure(await estimate(out), out, /cannot write \((EROFS|EACCES): .* is not writable\)/);
      const demoOut = join(folder(readOnly), 'demo');
      expectCleanFailure(
        await runGla(['demo', '--out', demoOut]),
        demoOut,
        /cannot write the output \((EROFS: read-only file system|EACCES: permission denied)\)/,
      );
    },
    { skip: skipReason(readOnly) },
  );
  reliabilityCase(
    'output.full-disk',
    async () => {
      const filler = join(folder(disk), 'filler.bin');
      try {
        writeFileSync(filler, Buffer.alloc(128 * 1024, 1));
      } catch (error) {
        expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
      }
      const out = join(folder(disk), 'metrics.json');
      expectCleanFailure(await evaluate(out), out, /cannot write \(ENOSPC\)/, [out]);
      const demoOut = join(folder(disk), 'demo');
      // The stage cache lies elsewhere: the runs finish, and the report cannot be written to the full disk.
      const configs = writeSmallDemoConfigs(dir, TINY_WORLD, { shots: [1], seeds: [1] });
      const error = await runDemo({ root: dir, out: demoOut, cacheDir: 'demo-cache', configs }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OutputError);
      expect((error as Error).message).toMatch(
        new RegExp(`^${escapeRegExp(demoOut)}: cannot write the output \\(ENOSPC: no space left on the device\\)$`),
      );
      // No staging folder and no temp file left on the full disk.
      expect(readdirSync(folder(disk))).toEqual(['filler.bin']);
    },
    { skip: skipReason(disk), timeout: 30_000 },
  );
  reliabilityCase('output.failed-run-keeps-previous', async () => {
    const out = join(dir, 'kept.json');
    expect((await estimate(out)).code).toBe(0);
    const before = readFileSync(out);
    const nan = writeNpy(dir, 'nan.npy', new Float32Array(18).fill(NaN), [6, k]);
    const failed = await runGla(['estimate-prior', '--logits', nan, '--labels', labels, '--out', out]);
    expect(failed.code).toBe(2);
    expect(readFileSync(out).equals(before)).toBe(true);
    expectNoTempFiles(dir);
  });
});
