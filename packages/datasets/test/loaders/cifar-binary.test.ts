import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CIFAR_IMAGE_BYTES,
  loadCifar100Binary,
  loadCifar10Binary,
  readCifarImage,
} from '../../src/loaders/cifar-binary.js';
import { clipPreprocess } from '../../src/preprocess/clip-preprocess.js';
import { clipPreprocessBatch } from '../../src/preprocess/clip-preprocess-batch.js';
import { tempDir } from '../shared-dir.js';

const tmp = tempDir();
afterAll(tmp.remove);
const c10 = join(tmp.dir, 'cifar-10-batches-bin');
const c100 = join(tmp.dir, 'cifar-100-binary');

/** Planar pixels of record `id`: red plane = id, green = pixel index % 256, blue = 255 - id. */
function pixels(id: number): Buffer {
  const b = Buffer.alloc(CIFAR_IMAGE_BYTES);
  for (let i = 0; i < 1024; i++) {
    b[i] = id;
    b[1024 + i] = i % 256;
    b[2048 + i] = 255 - id;
  }
  return b;
}

const recordsOf = (labels: number[][], firstId: number) =>
  Buffer.concat(labels.map((l, r) => Buffer.concat([Buffer.from(l), pixels(firstId + r)])));

beforeAll(() => {
  mkdirSync(c10);
  mkdirSync(c100);
  // Five train batches of 3 records and a test batch of 2, labels chosen so order is checkable.
  for (let b = 1; b <= 5; b++) writeFileSync(join(c10, `data_batch_${b}.bin`), recordsOf([[b], [b + 1], [9]], b * 10));
  writeFileSync(join(c10, 'test_batch.bin'), recordsOf([[0], [3]], 100));
  writeFileSync(
    join(c10, 'batches.meta.txt'),
    'airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n\n',
  );
  writeFileSync(
    join(c100, 'train.bin'),
    recordsOf(
      [
        [3, 42],
        [19, 99],
        [0, 0],
      ],
      1,
    ),
  );
  writeFileSync(join(c100, 'test.bin'), recordsOf([[7, 250]], 1));
  writeFileSync(join(c100, 'fine_label_names.txt'), Array.from({ length: 100 }, (_, i) => `fine${i}`).join('\n'));
  writeFileSync(join(c100, 'coarse_label_names.txt'), Array.from({ length: 20 }, (_, i) => `coarse${i}`).join('\n'));
});

describe('CIFAR binary readers', () => {
  it('CIFAR-10: labels in batch order, samples point at (file, offset) of the pixels', async () => {
    const train = await loadCifar10Binary(c10, 'train');
    expect(train.samples.map((s) => s.label)).toEqual([1, 2, 9, 2, 3, 9, 3, 4, 9, 4, 5, 9, 5, 6, 9]);
    expect(train.samples[4]).toEqual({ file: join(c10, 'data_batch_2.bin'), offset: 3073 + 1, label: 3 });
    expect(train.classNames[9]).toBe('truck');
    const test = await loadCifar10Binary(c10, 'test');
    expect(test.samples.map((s) => s.offset)).toEqual([1, 3074]);
  });

  it('reads a record as interleaved 32x32 RGB', async () => {
    const test = await loadCifar10Binary(c10, 'test');
    const img = await readCifarImage(test.samples[1]); // id 101
    expect([img.width, img.height, img.mode]).toEqual([32, 32, 'RGB']);
    expect(Array.from(img.data.subarray(0, 6))).toEqual([101, 0, 154, 101, 1, 154]);
    expect(Array.from(img.data.subarray(3 * 1023, 3 * 1024))).toEqual([101, 1023 % 256, 154]);
  });

  it('CIFAR-100: fine or coarse labels, the other kept alongside', async () => {
    const fine = await loadCifar100Binary(c100, 'train');
    expect(fine.samples.map((s) => [s.label, s.otherLabel])).toEqual([
      [42, 3],
      [99, 19],
      [0, 0],
    ]);
    expect(fine.samples[0].offset).toBe(2);
    expect(fine.classNames).toHaveLength(100);
    const coarse = await loadCifar100Binary(c100, 'train', 'coarse');
    expect(coarse.samples.map((s) => s.label)).toEqual([3, 19, 0]);
    expect(coarse.classNames[19]).toBe('coarse19');
    expect((await readCifarImage(fine.samples[1])).data[0]).toBe(2); // record id 2
  });

  it('rejects out-of-range labels and torn files, naming the file', async () => {
    await expect(loadCifar100Binary(c100, 'test')).rejects.toThrow(/test.bin: record 0 has label 250, outside 0..99/);
    const torn = join(tmp.dir, 'torn');
    mkdirSync(torn);
    writeFileSync(join(torn, 'test_batch.bin'), Buffer.alloc(3073 + 5));
    await expect(loadCifar10Binary(torn, 'test', Array(10).fill('x'))).rejects.toThrow(
      /size 3078 bytes is not a positive multiple of the 3073-byte record/,
    );
    await expect(loadCifar10Binary(join(tmp.dir, 'absent'), 'test')).rejects.toThrow(/file not found/);
  });

  it('feeds the preprocessor directly from (file, offset)', async () => {
    const test = await loadCifar10Binary(c10, 'test');
    const batch = await clipPreprocessBatch(test.samples, { size: 16 });
    const single = await clipPreprocess(await readCifarImage(test.samples[1]), { size: 16 });
    expect(Array.from(batch.tensor.subarray(3 * 256))).toEqual(Array.from(single));
    const gone = await clipPreprocessBatch([{ file: join(c10, 'test_batch.bin'), offset: 10_000, label: 0 }], {
      size: 16,
      onError: 'skip',
    });
    expect(gone.skipped[0].reason).toBe('corrupt');
    expect(gone.skipped[0].path).toContain('test_batch.bin#10000');
  });
});
