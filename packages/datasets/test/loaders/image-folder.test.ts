import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/loaders/dataset-error.js';
import { loadImageFolder, scanImageFolder } from '../../src/loaders/image-folder.js';
import { clipPreprocessBatch } from '../../src/preprocess/clip-preprocess-batch.js';
import { tempDir } from '../shared-dir.js';

const tmp = tempDir();
afterAll(tmp.remove);

function touch(root: string, ...files: string[]): void {
  for (const f of files) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), 'x');
  }
}

describe('scanImageFolder (torchvision ImageFolder semantics)', () => {
  it('sorts classes by name and files within a class, recursing into sub-folders', async () => {
    const root = join(tmp.dir, 'basic');
    touch(root, 'b/2.jpg', 'b/10.JPG', 'a/z.png', 'a/sub/y.jpeg', 'a/a b.jpg', 'C/q.webp', 'a/notes.txt', 'README.md');
    const scan = await scanImageFolder(root);
    expect(scan.classFolders).toEqual(['C', 'a', 'b']); // code-point order: upper case first, as Python
    expect(scan.samples.map((s) => [s.path.slice(root.length + 1), s.label])).toEqual([
      ['C/q.webp', 0],
      ['a/a b.jpg', 1],
      ['a/z.png', 1],
      ['a/sub/y.jpeg', 1],
      ['b/10.JPG', 2],
      ['b/2.jpg', 2],
    ]);
    expect(scan.ignored.map((p) => p.slice(root.length + 1)).sort()).toEqual(['README.md', 'a/notes.txt']);
  });

  it('orders numeric folders by value, not as strings', async () => {
    const root = join(tmp.dir, 'numeric');
    touch(root, '10/x.jpg', '2/x.jpg', '1/x.jpg');
    expect((await scanImageFolder(root, { folderOrder: 'numeric' })).classFolders).toEqual(['1', '2', '10']);
    touch(root, 'cat/x.jpg');
    await expect(scanImageFolder(root, { folderOrder: 'numeric' })).rejects.toThrow(/not a class index/);
  });

  it('follows symlinked class folders', async () => {
    const root = join(tmp.dir, 'links');
    touch(join(tmp.dir, 'elsewhere'), 'x.jpg');
    mkdirSync(root);
    symlinkSync(join(tmp.dir, 'elsewhere'), join(root, 'linked'));
    expect((await scanImageFolder(root)).samples).toHaveLength(1);
  });

  it('refuses a flat folder, an empty class and a missing root with the folder named', async () => {
    const flat = join(tmp.dir, 'flat');
    touch(flat, '1.jpg', '2.jpg');
    await expect(scanImageFolder(flat)).rejects.toThrow(/2 images lie directly in the folder/);
    const empty = join(tmp.dir, 'emptyclass');
    touch(empty, 'a/x.jpg', 'b/readme.txt');
    await expect(scanImageFolder(empty)).rejects.toThrow(
      new RegExp(`${join(empty, 'b')}: class folder holds no image`),
    );
    const error = await scanImageFolder(join(tmp.dir, 'nope')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).file).toBe(join(tmp.dir, 'nope'));
  });
});

describe('loadImageFolder as a CIFAR folder-of-images variant', () => {
  it('labels alphabetical class folders as CIFAR-10 does and feeds the batch preprocessor', async () => {
    const root = join(tmp.dir, 'cifar10-png');
    const names = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
    for (const [label, name] of [...names].reverse().entries()) {
      mkdirSync(join(root, name), { recursive: true });
      await sharp(Buffer.alloc(32 * 32 * 3, label * 20), { raw: { width: 32, height: 32, channels: 3 } })
        .png()
        .toFile(join(root, name, `${label}.png`));
    }
    const split = await loadImageFolder(root, { name: 'cifar10/test' });
    expect(split.classNames).toEqual(names); // sorted folder order is CIFAR-10's label order
    expect(split.samples.map((s) => s.label)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const batch = await clipPreprocessBatch(split.samples, { size: 8 });
    expect(batch.kept).toHaveLength(10);
    await expect(loadImageFolder(root, { classNames: ['x'] })).rejects.toThrow(/expected 1 classes, found 10/);
  });
});
