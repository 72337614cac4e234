import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipPreprocess } from '../../src/preprocess/clip-preprocess.js';
import { ImageError } from '../../src/preprocess/image-error.js';
import { type SkippedImage, clipPreprocessBatch } from '../../src/preprocess/clip-preprocess-batch.js';
import { tempDir } from '../shared-dir.js';

const tmp = tempDir();
afterAll(tmp.remove);
const file = (name: string) => join(tmp.dir, name);
const S = 32;

beforeAll(async () => {
  for (const [name, v] of [
    ['a.png', 10],
    ['b.png', 120],
    ['c.png', 250],
  ] as const) {
    await sharp(Buffer.alloc(40 * 50 * 3, v), { raw: { width: 40, height: 50, channels: 3 } })
      .png()
      .toFile(file(name));
  }
  writeFileSync(file('broken.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]));
  writeFileSync(file('zero.png'), Buffer.alloc(0));
});

describe('clipPreprocessBatch', () => {
  it("'skip' leaves unreadable images out and reports each with path and reason", async () => {
    const items = [
      file('a.png'),
      { path: file('zero.png'), label: 3 },
      file('b.png'),
      file('missing.png'),
      file('broken.jpg'),
      file('c.png'),
    ];
    const seen: SkippedImage[] = [];
    const batch = await clipPreprocessBatch(items, {
      size: S,
      onError: 'skip',
      concurrency: 3,
      onSkip: (s) => seen.push(s),
    });
    expect(batch.kept).toEqual([0, 2, 5]);
    expect(batch.skipped.map((s) => [s.index, s.reason])).toEqual([
      [1, 'empty'],
      [3, 'missing'],
      [4, 'corrupt'],
    ]);
    expect(batch.skipped.map((s) => s.path)).toEqual([file('zero.png'), file('missing.png'), file('broken.jpg')]);
    expect(seen).toHaveLength(3);
    const stride = 3 * S * S;
    expect(batch.tensor.length).toBe(3 * stride);
    for (const [row, name] of ['a.png', 'b.png', 'c.png'].entries()) {
      const single = await clipPreprocess(file(name), { size: S });
      expect(Array.from(batch.tensor.subarray(row * stride, (row + 1) * stride))).toEqual(Array.from(single));
    }
  });

  it("'fail' (the default) throws the ImageError of the bad image", async () => {
    const error = await clipPreprocessBatch([file('a.png'), file('broken.jpg')], { size: S, concurrency: 1 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImageError);
    expect((error as ImageError).path).toBe(file('broken.jpg'));
  });

  it('keeps input order whatever the concurrency', async () => {
    const items = [file('c.png'), file('a.png'), file('b.png'), file('a.png')];
    const one = await clipPreprocessBatch(items, { size: S, concurrency: 1 });
    const four = await clipPreprocessBatch(items, { size: S, concurrency: 4 });
    expect(Array.from(four.tensor)).toEqual(Array.from(one.tensor));
    expect(one.kept).toEqual([0, 1, 2, 3]);
    expect(one.skipped).toEqual([]);
  });

  it("'skip' on 2 worker threads: the same rows, skips and tensor as on this thread", async () => {
    const items = [file('a.png'), file('missing.png'), file('b.png'), file('broken.jpg'), file('c.png')];
    const here = await clipPreprocessBatch(items, { size: S, onError: 'skip', workers: 0 });
    const seen: SkippedImage[] = [];
    const threads = await clipPreprocessBatch(items, {
      size: S,
      onError: 'skip',
      workers: 2,
      onSkip: (s) => seen.push(s),
    });
    expect(threads.kept).toEqual([0, 2, 4]);
    // libvips words a decoder's complaint per thread (its error buffer is thread-local: 'corrupt header:' here,
    // 'corrupt header: VipsJpeg: premature end of JPEG image' on a worker), so the skips are compared by what they
    // say about the file, and the message by its part that names the file and the problem.
    const gist = (s: SkippedImage) => ({
      index: s.index,
      path: s.path,
      reason: s.reason,
      message: s.message.split(' (')[0],
    });
    expect(threads.skipped.map(gist)).toEqual(here.skipped.map(gist));
    expect(seen.map((s) => s.index).sort()).toEqual([1, 3]);
    expect(threads.tensor.buffer).toBeInstanceOf(ArrayBuffer);
    expect(Buffer.from(threads.tensor.buffer).equals(Buffer.from(here.tensor.buffer))).toBe(true);
  });

  it("'fail' on worker threads throws the ImageError of the first bad image in input order", async () => {
    const items = [file('a.png'), file('missing.png'), file('b.png'), file('broken.jpg')];
    const error = await clipPreprocessBatch(items, { size: S, workers: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageError);
    expect((error as ImageError).path).toBe(file('missing.png'));
    expect((error as ImageError).reason).toBe('missing');
  });

  it('uses worker threads by default from 32 images, with the tensor of this thread', async () => {
    const items = Array.from({ length: 33 }, (_, i) => file(['a.png', 'b.png', 'c.png'][i % 3]));
    const threads = await clipPreprocessBatch(items, { size: S });
    const here = await clipPreprocessBatch(items, { size: S, workers: 0 });
    expect(threads.kept).toHaveLength(33);
    expect(Buffer.from(threads.tensor.buffer).equals(Buffer.from(here.tensor.buffer))).toBe(true);
  });

  it('reuses its worker threads: calls made together each get their own rows, skips and tensor', async () => {
    const first = [file('a.png'), file('missing.png'), file('b.png')];
    const second = [file('c.png'), file('c.png'), file('broken.jpg'), file('a.png')];
    const [x, y] = await Promise.all([
      clipPreprocessBatch(first, { size: S, onError: 'skip', workers: 2 }),
      clipPreprocessBatch(second, { size: S, onError: 'skip', workers: 2 }),
    ]);
    const hereX = await clipPreprocessBatch(first, { size: S, onError: 'skip', workers: 0 });
    const hereY = await clipPreprocessBatch(second, { size: S, onError: 'skip', workers: 0 });
    expect(x.kept).toEqual([0, 2]);
    expect(y.kept).toEqual([0, 1, 3]);
    expect(x.skipped.map((s) => s.index)).toEqual([1]);
    expect(y.skipped.map((s) => s.index)).toEqual([2]);
    expect(Buffer.from(x.tensor.buffer).equals(Buffer.from(hereX.tensor.buffer))).toBe(true);
    expect(Buffer.from(y.tensor.buffer).equals(Buffer.from(hereY.tensor.buffer))).toBe(true);
  });

  it('lets the process exit after a call on worker threads (idle threads hold nothing open)', () => {
    const entry = new URL('../../dist/index.js', import.meta.url).href;
    const script = `const { clipPreprocessBatch } = await import(${JSON.stringify(entry)});
const out = await clipPreprocessBatch(${JSON.stringify([file('a.png'), file('b.png')])}, { size: ${S}, workers: 2 });
console.log(out.kept.length);`;
    // A module file, not `-e`: worker threads inherit the parent's flags, and --input-type would break them.
    writeFileSync(file('exit-check.mjs'), script);
    const child = spawnSync(process.execPath, [file('exit-check.mjs')], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(child.stderr).toBe('');
    expect(child.error).toBeUndefined();
    expect(child.status).toBe(0);
    expect(child.stdout.trim()).toBe('2');
  });
});
