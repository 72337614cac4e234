import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coopSplitSamples, imageFolderSamples, splitListSamples } from '../../src/index.js';
import { tempDir } from '../paper/helpers/temp-dir.js';

function touch(path: string) {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, 'x');
}

describe('image samples for gla features', () => {
  it('labels class subfolders in byte order and lists their images sorted, skipping other files', async () => {
    const root = tempDir();
    for (const f of ['dog/b.jpg', 'dog/a.PNG', 'Cat/z.jpeg', 'Cat/notes.txt', 'ant/1.webp']) touch(join(root, f));
    const s = await imageFolderSamples(root);
    // Byte order: 'Cat' < 'ant' < 'dog' (upper case first), as a sorted listing on any file system.
    expect(s.classNames).toEqual(['Cat', 'ant', 'dog']);
    expect(s.samples.map((x) => x.id)).toEqual(['Cat/z.jpeg', 'ant/1.webp', 'dog/a.PNG', 'dog/b.jpg']);
    expect(Array.from(s.labels!)).toEqual([0, 1, 2, 2]);
    expect(s.samples[0].path).toBe(join(root, 'Cat/z.jpeg'));
  });

  it('gives unlabelled samples for a flat folder and refuses a folder without images', async () => {
    const root = tempDir();
    touch(join(root, 'b.png'));
    touch(join(root, 'a.jpg'));
    const s = await imageFolderSamples(root);
    expect(s.labels).toBeUndefined();
    expect(s.samples.map((x) => x.id)).toEqual(['a.jpg', 'b.png']);
    const empty = tempDir();
    await expect(imageFolderSamples(empty)).rejects.toThrow(`${empty}: no image files`);
    await expect(imageFolderSamples(join(empty, 'absent'))).rejects.toThrow(/cannot list the image folder \(ENOENT\)/);
  });

  it('reads one part of a CoOp split in file order with its labels and class names', async () => {
    const root = tempDir();
    const split = join(root, 'split.json');
    writeFileSync(
      split,
      JSON.stringify({
        train: [['a/1.jpg', 0, 'apple']],
        val: [['b/2.jpg', 1, 'banana']],
        test: [
          ['b/3.jpg', 1, 'banana'],
          ['a/4.jpg', 0, 'apple'],
        ],
      }),
    );
    const s = await coopSplitSamples(split, 'test', join(root, 'images'));
    expect(s.samples).toEqual([
      { id: 'b/3.jpg', path: join(root, 'images/b/3.jpg') },
      { id: 'a/4.jpg', path: join(root, 'images/a/4.jpg') },
    ]);
    expect(Array.from(s.labels!)).toEqual([1, 0]);
    expect(s.classNames).toEqual(['apple', 'banana']);
    expect(s.source).toEqual({ kind: 'coop-split', path: split, part: 'test', imageRoot: join(root, 'images') });
  });

  it('reads a split list in file order, its labels, and class names from a JSON array or the label numbers', async () => {
    const root = tempDir();
    const list = join(root, 'list.txt');
    writeFileSync(list, 'train/b c/2.jpg 2\n\ntrain/a/1.jpg 0\n');
    const named = join(root, 'names.json');
    writeFileSync(named, JSON.stringify(['ant', 'bee', 'cat']));
    const s = await splitListSamples(list, join(root, 'img'), named);
    // Paths may hold spaces: the label is the last field.
    expect(s.samples).toEqual([
      { id: 'train/b c/2.jpg', path: join(root, 'img/train/b c/2.jpg') },
      { id: 'train/a/1.jpg', path: join(root, 'img/train/a/1.jpg') },
    ]);
    expect(Array.from(s.labels!)).toEqual([2, 0]);
    expect(s.classNames).toEqual(['ant', 'bee', 'cat']);
    expect((await splitListSamples(list, join(root, 'img'))).classNames).toEqual(['0', '1', '2']);
    await expect(splitListSamples(join(root, 'absent.txt'), root)).rejects.toThrow(
      /absent\.txt: cannot read the split list \(ENOENT\)/,
    );
  });
});
