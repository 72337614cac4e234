import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { clipPreprocess, ImageError } from '@gla/datasets';
import { ModelError, OnnxImageEncoder, extractFeatures, loadFeatureCache } from '@gla/models';
import { beforeAll, describe, expect } from 'vitest';
import { reliabilityCase } from './reliability-case.js';
import { tempDir } from './helpers/temp-dirs.js';
import { waitFor } from './helpers/run-gla.js';
import { escapeRegExp } from './helpers/escape-regexp.js';
import { readOnlyDir } from './helpers/tmpfs.js';
import {
  TOWER_DIM,
  TOWER_SIZE,
  chunkCount,
  extractionFixture,
  parseExtractionOutput,
  type ExtractionFixture,
} from './helpers/extraction-fixture.js';

// 96 tiny images in chunks of 8: a long extraction in miniature. The reference cache is an uninterrupted run.
const dir = tempDir();
const COUNT = 96;
let fixture: ExtractionFixture;
const reference = join(dir, 'reference');

beforeAll(async () => {
  fixture = extractionFixture(dir, COUNT);
  const run = await fixture.run(reference);
  expect(run.code, run.stderr).toBe(0);
}, 60_000);

/** The manifest without its creation time (the one field that legitimately differs between two runs). */
function manifestContent(cacheDir: string) {
  const { createdAt, ...rest } = JSON.parse(readFileSync(join(cacheDir, 'manifest.json'), 'utf8'));
  expect(typeof createdAt).toBe('string');
  return rest;
}

/** The cache equals the reference: features.npy byte for byte, manifest except createdAt; nothing else is left. */
function expectSameAsReference(cacheDir: string) {
  expect(readFileSync(join(cacheDir, 'features.npy')).equals(readFileSync(join(reference, 'features.npy')))).toBe(true);
  expect(manifestContent(cacheDir)).toEqual(manifestContent(reference));
  expect(readdirSync(cacheDir).sort()).toEqual(['features.npy', 'manifest.json']);
}

/** In-process extraction options matching the child script's (same key, so caches are comparable). */
function extractionOptions(cacheDir: string) {
  return {
    cacheDir,
    split: 'reliability/test',
    samples: readdirSync(fixture.imageDir)
      .sort()
      .map((name) => ({ id: name, path: join(fixture.imageDir, name) })),
    preprocess: (path: string) => clipPreprocess(path, { size: TOWER_SIZE }),
    encoder: () =>
      OnnxImageEncoder.open(
        {
          file: fixture.model,
          input: 'pixel_values',
          output: 'image_embeds',
          imageSize: TOWER_SIZE,
          embedDim: TOWER_DIM,
        },
        { batchSize: 4 },
      ),
    modelFiles: [fixture.model],
    preprocessSettings: { imageSize: TOWER_SIZE },
    chunkRows: 8,
  };
}

describe('feature extraction runs', () => {
  reliabilityCase(
    'run.extract-sigkill-resume',
    async () => {
      const cache = join(dir, 'killed');
      const started = fixture.start(cache, { GLA_TEST_DELAY_MS: '20' });
      await waitFor(() => chunkCount(cache) >= 2, 30_000, 'two finished chunks');
      started.child.kill('SIGKILL');
      const killed = await started.done;
      expect(killed.signal).toBe('SIGKILL');
      expect(existsSync(join(cache, 'features.npy'))).toBe(false);
      expect(existsSync(join(cache, '.lock'))).toBe(true); // the killed run's lock, stale now
      const again = await fixture.run(cache);
      expect(again.code, again.stderr).toBe(0);
      const { events, result } = parseExtractionOutput(again.stdout);
      expect(events.map((e) => e.type)).toContain('resume');
      expect(events.map((e) => e.type)).not.toContain('wait'); // a dead holder's lock is broken, not waited for
      expect(result!.resumedRows).toBeGreaterThanOrEqual(16);
      expect(result!.resumedRows + result!.extractedRows).toBe(COUNT);
      expectSameAsReference(cache);
    },
    { timeout: 60_000 },
  );

  reliabilityCase(
    'run.extract-concurrent',
    async () => {
      const cache = join(dir, 'shared');
      const runs = [
        fixture.start(cache, { GLA_TEST_DELAY_MS: '15' }),
        fixture.start(cache, { GLA_TEST_DELAY_MS: '15' }),
      ];
      const [a, b] = await Promise.all(runs.map((r) => r.done));
      expect(a.code, a.stderr).toBe(0);
      expect(b.code, b.stderr).toBe(0);
      const outcomes = [a, b].map((r) => parseExtractionOutput(r.stdout));
      // One run wrote the cache; the other either waited for it and used it, or came after it.
      expect(outcomes.filter((o) => o.result!.fromCache)).toHaveLength(1);
      const waiter = outcomes.find((o) => o.result!.fromCache)!;
      expect(waiter.events.map((e) => e.type)).toContain('hit');
      expectSameAsReference(cache);
      const loaded = await loadFeatureCache(cache);
      expect(loaded!.features.rows).toBe(COUNT);
    },
    { timeout: 60_000 },
  );

  reliabilityCase('run.extract-lock-timeout', async () => {
    // A lock held by a live process (this one, as if another run were extracting) is waited for, never broken.
    const cache = join(dir, 'locked');
    mkdirSync(cache, { recursive: true });
    const lock = join(cache, '.lock');
    writeFileSync(lock, JSON.stringify({ host: hostname(), pid: process.pid, started: '', token: 'held-by-test' }));
    const events: string[] = [];
    const error = await extractFeatures({
      ...extractionOptions(cache),
      lockTimeoutMs: 300,
      onEvent: (e) => events.push(e.type),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('CACHE_LOCKED');
    expect((error as ModelError).message).toBe(
      `${lock}: feature cache is still being written by process ${process.pid} on ${hostname()}; gave up waiting (delete the lock file only if that process is gone)`,
    );
    expect(events).toEqual(['wait']);
    expect(readdirSync(cache)).toEqual(['.lock']); // nothing written, the holder's lock untouched
  });

  reliabilityCase(
    'run.extract-reused-pid-lock',
    async () => {
      // A killed run's process id now names another live process (here: this one) started at another time.
      const cache = join(dir, 'reused-pid');
      mkdirSync(cache, { recursive: true });
      writeFileSync(
        join(cache, '.lock'),
        JSON.stringify({ host: hostname(), pid: process.pid, started: '1', token: 'dead-run' }),
      );
      const events: string[] = [];
      const result = await extractFeatures({
        ...extractionOptions(cache),
        lockTimeoutMs: 2_000,
        onEvent: (e) => events.push(e.type),
      });
      expect(events).not.toContain('wait');
      expect(result.extractedRows).toBe(COUNT);
      expectSameAsReference(cache);
    },
    { skip: existsSync('/proc/self/stat') ? undefined : 'no /proc: process start times are unknown' },
  );

  reliabilityCase('run.extract-unwritable-cache', async () => {
    const blocker = join(dir, 'blocker.txt');
    writeFileSync(blocker, 'a regular file where the cache folder should go\n');
    const cache = join(blocker, 'cache');
    const error = await extractFeatures(extractionOptions(cache)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('CACHE_UNWRITABLE');
    expect((error as ModelError).message).toMatch(
      new RegExp(`^${escapeRegExp(cache)}: cannot write the feature cache folder \\((ENOTDIR|EEXIST)\\)$`),
    );
  });

  reliabilityCase('run.extract-read-only-cache', async (context) => {
    // A finished cache on read-only storage is used as it is (no lock can be taken there, and none is needed).
    const readOnly = readOnlyDir(join(dir, 'read-only-cache'), (target) => {
      for (const name of ['features.npy', 'manifest.json']) copyFileSync(join(reference, name), join(target, name));
    });
    if ('skip' in readOnly) return context.skip(readOnly.skip);
    try {
      const events: string[] = [];
      const result = await extractFeatures({ ...extractionOptions(readOnly.dir), onEvent: (e) => events.push(e.type) });
      expect(result.fromCache).toBe(true);
      expect(events).toEqual(['hit']);
      expect(
        Buffer.from(result.features.data.buffer).equals(
          Buffer.from((await loadFeatureCache(reference))!.features.data.buffer),
        ),
      ).toBe(true);
    } finally {
      readOnly.cleanup();
    }
  });

  reliabilityCase(
    'run.extract-bad-image-resume',
    async () => {
      // In-process: a corrupt image at position 50 stops the run with its path; the chunks before it are kept.
      const cache = join(dir, 'bad-image');
      const victim = join(fixture.imageDir, 'img-0050.png');
      const saved = join(dir, 'img-0050.saved');
      renameSync(victim, saved);
      writeFileSync(victim, readFileSync(saved).subarray(0, 30));
      const options = extractionOptions(cache);
      try {
        const error = await extractFeatures(options).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ImageError);
        expect((error as ImageError).message).toMatch(new RegExp(`^${escapeRegExp(victim)}: `));
        expect(chunkCount(cache)).toBe(6); // rows 0-47 are safe on disk
        expect(existsSync(join(cache, '.lock'))).toBe(false); // released on failure
      } finally {
        renameSync(saved, victim); // the user replaces the bad file
      }
      const result = await extractFeatures(options);
      expect(result.resumedRows).toBe(48);
      expect(result.extractedRows).toBe(COUNT - 48);
      expectSameAsReference(cache);
    },
    { timeout: 60_000 },
  );
});
