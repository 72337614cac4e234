import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { reliabilityCase } from './reliability-case.js';
import { tempDir } from './helpers/temp-dirs.js';
import { headerDict, npyWithHeader, writeBytes } from './helpers/npy-bytes.js';
import { expectCleanFailure, expectNoTempFiles, runGla } from './helpers/run-gla.js';
import { readOnlyDir, tinyDisk, type Prepared } from './helpers/tmpfs.js';
import { logitsRun } from './helpers/logits-run.js';
import { encodeNpy } from '@gla/core';
import { escapeRegExp } from './helpers/escape-regexp.js';

// `gla run` in logits mode: what it checks before and during the work.
const dir = tempDir();
const { base, f, writeInputs, writeConfig } = logitsRun(dir);
const aFile = writeBytes(dir, 'notes.txt', 'a regular file\n');
const runs = (resultsDir = f('results')) => join(resultsDir, 'reliability-few-shot');
const metricsFiles = (resultsDir = f('results')) =>
  existsSync(runs(resultsDir))
    ? readdirSync(runs(resultsDir)).filter((run) => existsSync(join(runs(resultsDir), run, 'metrics.json')))
    : [];

const readOnly = readOnlyDir(join(dir, 'read-only'));
const readOnlyCache = readOnlyDir(join(dir, 'read-only-cache'));
const disk = tinyDisk(join(dir, 'tiny-disk'));
afterAll(() => {
  for (const prepared of [readOnly, readOnlyCache, disk]) if ('cleanup' in prepared) prepared.cleanup();
});
const skipReason = (prepared: Prepared) => ('skip' in prepared ? prepared.skip : undefined);
const folder = (prepared: Prepared) => (prepared as { dir: string }).dir;

describe('gla run checks', () => {
  reliabilityCase('runcheck.zero-shot-rows', async () => {
    for (const rows of [39, 41]) {
      writeInputs({ zeroShotTestRows: rows });
      const resultsDir = f(`results-rows-${rows}`);
      const { code, lines } = await runGla(['run', writeConfig({ ...base, resultsDir })]);
      expect(code, lines.join('\n')).toBe(2);
      expect(lines[lines.length - 1]).toMatch(
        new RegExp(
          `^gla: logits from models\\.zeroShot\\.files\\.test = .*zs/caltech101-test\\.npy: ${rows} rows, but labels from data\\.labels\\.test = .*caltech101-test\\.npy has 40 labels$`,
        ),
      );
      expect(metricsFiles(resultsDir)).toEqual([]);
    }
    writeInputs();
  });

  reliabilityCase('runcheck.empty-split', async () => {
    writeInputs();
    writeBytes(dir, 'labels/caltech101-test.npy', encodeNpy(new Int32Array(0), [0]));
    writeBytes(dir, 'zs/caltech101-test.npy', encodeNpy(new Float32Array(0), [0, 4]));
    writeBytes(dir, 'ft/caltech101-k1-s1-test.npy', encodeNpy(new Float32Array(0), [0, 4]));
    const resultsDir = f('results-empty');
    const { code, lines } = await runGla(['run', writeConfig({ ...base, resultsDir, cacheDir: f('cache-empty') })]);
    expect(code, lines.join('\n')).toBe(2);
    expect(lines.at(-1)).toMatch(
      /^gla: .*caltech101-(k1-s1-)?test\.npy: empty array(, shape \(0, 4\))? \((data\.labels|models\.\w+\.files)\.test = /,
    );
    expect(metricsFiles(resultsDir)).toEqual([]);
    writeInputs();
  });

  reliabilityCase('runcheck.results-under-file', async () => {
    writeInputs();
    const cacheDir = f('cache-results-under-file');
    const config = writeConfig({ ...base, resultsDir: join(aFile, 'results'), cacheDir });
    expectCleanFailure(
      await runGla(['run', config, '--run-id', 'r1']),
      join(aFile, 'results', 'reliability-few-shot', 'r1'),
      /: cannot write the results folder \(ENOTDIR: .*notes\.txt is a file, not a folder\)$/,
    );
    expect(existsSync(cacheDir), 'no stage ran').toBe(false);
  });

  reliabilityCase('runcheck.cache-under-file', async () => {
    writeInputs();
    const resultsDir = f('results-cache-under-file');
    const config = writeConfig({ ...base, resultsDir });
    const cache = join(aFile, 'cache');
    const problem = /: cannot write the cache folder \(ENOTDIR: .*notes\.txt is a file, not a folder\)$/;
    expectCleanFailure(await runGla(['run', config, '--cache', cache]), cache, problem);
    expectCleanFailure(await runGla(['run', config, '--cache', cache, '--shard', '1/2']), cache, problem);
    expect(existsSync(resultsDir), 'nothing written').toBe(false);
  });

  reliabilityCase(
    'runcheck.results-read-only',
    async () => {
      writeInputs();
      const cacheDir = f('cache-read-only');
      const config = writeConfig({ ...base, resultsDir: join(folder(readOnly), 'results'), cacheDir });
      expectCleanFailure(
        await runGla(['run', config, '--run-id', 'r1']),
        join(folder(readOnly), 'results', 'reliability-few-shot', 'r1'),
        /: cannot write the results folder \((EROFS: .* is on a read-only file system|EACCES: .* is not writable)\)$/,
      );
      expect(existsSync(cacheDir), 'no stage ran').toBe(false);
    },
    { skip: skipReason(readOnly) },
  );

  reliabilityCase(
    'runcheck.cache-read-only',
    async () => {
      writeInputs();
      const resultsDir = f('results-cache-read-only');
      const config = writeConfig({ ...base, resultsDir, cacheDir: folder(readOnlyCache) });
      const { code, lines } = await runGla(['run', config]);
      expect(code, lines.join('\n')).toBe(2);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(
          `^gla: ${escapeRegExp(folder(readOnlyCache))}: cannot write the cache folder \\((EROFS: read-only file system|EACCES: not writable); \\d+ stage\\(s\\) must be computed and stored\\)$`,
        ),
      );
      expect(existsSync(resultsDir), 'nothing written').toBe(false);
    },
    { skip: skipReason(readOnlyCache) },
  );

  reliabilityCase(
    'runcheck.full-disk',
    async () => {
      writeInputs();
      try {
        writeFileSync(join(folder(disk), 'filler.bin'), Buffer.alloc(128 * 1024, 1));
      } catch (error) {
        expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
      }
      const cacheDir = join(folder(disk), 'cache');
      const resultsDir = f('results-full-disk');
      const { code, lines } = await runGla(['run', writeConfig({ ...base, resultsDir, cacheDir })]);
      expect(code, lines.join('\n')).toBe(2);
      const last = lines[lines.length - 1];
      expect(last.startsWith(`gla: ${cacheDir}`), last).toBe(true);
      expect(last).toMatch(/: cannot write the output \(ENOSPC: no space left on the device\)$/);
      expect(last, 'names a folder, not a temp file').not.toMatch(/\.tmp:/);
      expect(metricsFiles(resultsDir)).toEqual([]);
      const leftovers = existsSync(cacheDir)
        ? readdirSync(cacheDir, { recursive: true }).filter((name) => String(name).endsWith('.tmp'))
        : [];
      expect(leftovers).toEqual([]);
    },
    { skip: skipReason(disk), timeout: 30_000 },
  );

  reliabilityCase(
    'runcheck.huge-logits',
    async () => {
      writeInputs();
      const huge = f('zs/caltech101-test.npy');
      writeBytes(dir, 'zs/caltech101-test.npy', npyWithHeader(headerDict('<f4', [40, 4])));
      truncateSync(huge, 2 ** 31 + 1); // sparse: no disk used
      const resultsDir = f('results-huge');
      const { code, lines } = await runGla(['run', writeConfig({ ...base, resultsDir })]);
      expect(code, lines.join('\n')).toBe(2);
      expect(lines[lines.length - 1]).toMatch(
        /^gla: .*zs\/caltech101-test\.npy: 2\.00 GiB, over the 2 GiB limit of whole-file reads \(2147483647 bytes\); split the file/,
      );
      expect(metricsFiles(resultsDir)).toEqual([]);
      writeInputs();
    },
    { timeout: 120_000 },
  );

  reliabilityCase(
    'runcheck.stray-temp-files',
    async () => {
      writeInputs();
      const cacheDir = f('cache-stray');
      const config = writeConfig({ ...base, cacheDir, resultsDir: f('results-stray') });
      expect((await runGla(['run', config, '--run-id', 'first'])).code).toBe(0);
      const kinds = readdirSync(join(cacheDir, 'stages'));
      expect(kinds.length).toBeGreaterThan(0);
      const stageDir = join(cacheDir, 'stages', kinds[0]);
      const old = join(stageDir, '.0123abcd.json.0123456789ab.tmp');
      const fresh = join(stageDir, '.4567cdef.json.ba9876543210.tmp');
      writeFileSync(old, '{"partial": ');
      const twoMinutesAgo = (Date.now() - 120_000) / 1000;
      utimesSync(old, twoMinutesAgo, twoMinutesAgo);
      const { code, lines } = await (async () => {
        writeFileSync(fresh, '{"being written'); // as a concurrent run's file would be, touched during this run
        return runGla(['run', config, '--run-id', 'second']);
      })();
      expect(code, lines.join('\n')).toBe(0);
      expect(lines).toContain('removed 1 temporary file(s) left in the cache by interrupted runs');
      expect(existsSync(old)).toBe(false);
      expect(existsSync(fresh), "a concurrent writer's temp file is kept").toBe(true);
    },
    { timeout: 60_000 },
  );

  reliabilityCase(
    'runcheck.damaged-cache',
    async () => {
      writeInputs();
      const cacheDir = f('cache-damaged');
      const resultsDir = f('results-damaged');
      const config = writeConfig({ ...base, cacheDir, resultsDir });
      expect((await runGla(['run', config, '--run-id', 'good'])).code).toBe(0);
      const metricsOf = (run: string) =>
        JSON.parse(readFileSync(join(runs(resultsDir), run, 'metrics.json'), 'utf8')).metrics;
      const entry = (kind: string) => {
        const kindDir = join(cacheDir, 'stages', kind);
        return join(kindDir, readdirSync(kindDir)[0]);
      };
      const damages: [string, (text: string) => string][] = [
        ['prior', (text) => text.slice(0, Math.floor(text.length / 2))], // cut short
        ['prior', (text) => text.replace(/"prior":\[[-0-9.e]+/, '"prior":[null')], // JSON's NaN
        ['evaluation', (text) => text.replace(/"top1":[-0-9.e]+/, '"top1":null')],
        ['evaluation', () => '{"methods": 7}'],
      ];
      for (const [i, [kind, damage]] of damages.entries()) {
        const path = entry(kind);
        const before = readFileSync(path, 'utf8');
        const damaged = damage(before);
        expect(damaged, 'the damage changed the entry').not.toBe(before);
        writeFileSync(path, damaged);
        const { code, lines } = await runGla(['run', config, '--run-id', `rerun-${i}`]);
        expect(code, lines.join('\n')).toBe(0);
        expect(
          lines.some((line) => line.startsWith(`cache entry ${path} is damaged (`) && line.endsWith('); recomputing')),
        ).toBe(true);
        expect(metricsOf(`rerun-${i}`)).toEqual(metricsOf('good'));
        expect(readFileSync(path, 'utf8'), 'the entry was rewritten').toBe(before);
      }
    },
    { timeout: 60_000 },
  );

  reliabilityCase('runcheck.input-not-regular', async () => {
    writeInputs();
    const resultsDir = f('results-not-regular');
    const config = writeConfig({ ...base, resultsDir, cacheDir: f('cache-not-regular') });
    const zsTest = f('zs/caltech101-test.npy');
    rmSync(zsTest);
    mkdirSync(zsTest);
    const folderLine = /: is a folder, not a file \(models\.zeroShot\.files\.test = .*\)$/;
    let result = await runGla(['run', config]);
    expect(result.code, result.lines.join('\n')).toBe(2);
    expect(result.lines.at(-1)).toMatch(new RegExp(`^gla: ${escapeRegExp(zsTest)}${folderLine.source}`));
    const plan = await runGla(['run', config, '--dry-run']);
    // A dry run that finds a blocked input exits 3 (cli's dry-run summaries).
    expect(plan.code).toBe(3);
    expect(plan.lines.join('\n')).toMatch(new RegExp(folderLine.source, 'm'));
    rmSync(zsTest, { recursive: true });
    writeInputs();
    const ftTest = f('ft/caltech101-k1-s1-test.npy');
    rmSync(ftTest);
    execFileSync('mkfifo', [ftTest]);
    result = await runGla(['run', config]);
    expect(result.code, result.lines.join('\n')).toBe(2);
    expect(result.lines.at(-1)).toMatch(
      /: not a regular file \(a pipe or device; give a regular file\) \(models\.fineTuned\.files\.test = /,
    );
    expect(metricsFiles(resultsDir)).toEqual([]);
    rmSync(ftTest);
    writeInputs();
  });

  reliabilityCase('runcheck.config-folder', async () => {
    const configDir = f('config-folder.yaml');
    mkdirSync(configDir, { recursive: true });
    expectCleanFailure(await runGla(['run', configDir]), configDir, /: is a folder, not a file$/);
  });

  reliabilityCase('runcheck.config-fifo', async () => {
    const config = f('config-fifo.yaml');
    execFileSync('mkfifo', [config]);
    const saved = process.env.GLA_READ_TIMEOUT_MS;
    process.env.GLA_READ_TIMEOUT_MS = '300';
    try {
      expectCleanFailure(
        await runGla(['run', config]),
        config,
        /: a FIFO with no writer \(nothing to read after 0\.3 s\)$/,
      );
    } finally {
      if (saved === undefined) delete process.env.GLA_READ_TIMEOUT_MS;
      else process.env.GLA_READ_TIMEOUT_MS = saved;
    }
    expectNoTempFiles(dir);
  });
});
