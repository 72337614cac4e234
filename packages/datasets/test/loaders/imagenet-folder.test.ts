import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadImageNetFolder } from '../../src/loaders/imagenet-folder.js';
import { sharedPath, tempDir } from '../shared-dir.js';

const tmp = tempDir();
afterAll(tmp.remove);

const wnid = (i: number) => `n${String(1440764 + i * 17).padStart(8, '0')}`;

function makeImageNet(root: string, split: string, classes: number, perClass: number): string[] {
  const wnids = Array.from({ length: classes }, (_, i) => wnid(i));
  for (const w of wnids) {
    mkdirSync(join(root, split, w), { recursive: true });
    for (let k = 0; k < perClass; k++) writeFileSync(join(root, split, w, `${w}_${k}.JPEG`), '');
  }
  return wnids;
}

describe('loadImageNetFolder', () => {
  it('labels by sorted wnid and takes the caller’s class names', async () => {
    const root = join(tmp.dir, 'small');
    const wnids = makeImageNet(root, 'train', 5, 3);
    const names = ['tench', 'goldfish', 'great white shark', 'tiger shark', 'hammerhead shark'];
    const split = await loadImageNetFolder(root, 'train', { classNames: names, wnids });
    expect(split.wnids).toEqual(wnids);
    expect(split.samples).toHaveLength(15);
    expect(split.samples[3]).toEqual({ path: join(root, 'train', wnids[1], `${wnids[1]}_0.JPEG`), label: 1 });
    expect(split.classNames[4]).toBe('hammerhead shark');
  });

  it('explains how to arrange a flat val folder', async () => {
    const root = join(tmp.dir, 'flat');
    mkdirSync(join(root, 'val'), { recursive: true });
    for (let i = 1; i <= 3; i++) writeFileSync(join(root, 'val', `ILSVRC2012_val_0000000${i}.JPEG`), '');
    await expect(loadImageNetFolder(root, 'val', { classNames: [] })).rejects.toThrow(
      /3 images lie directly in the folder; ImageNet val must be arranged as val\/<wnid>\/\*\.JPEG/,
    );
  });

  it('rejects a class-count mismatch, unexpected wnids and non-wnid folders', async () => {
    const root = join(tmp.dir, 'mismatch');
    const wnids = makeImageNet(root, 'val', 4, 1);
    await expect(loadImageNetFolder(root, 'val', { classNames: ['a', 'b', 'c'] })).rejects.toThrow(
      /expected 3 classes, found 4/,
    );
    await expect(
      loadImageNetFolder(root, 'val', { classNames: ['a', 'b', 'c', 'd'], wnids: [...wnids.slice(0, 3), 'n99999999'] }),
    ).rejects.toThrow(/missing: n99999999; unexpected: n01440815/);
    mkdirSync(join(root, 'val', '42'));
    writeFileSync(join(root, 'val', '42', 'x.jpg'), '');
    await expect(loadImageNetFolder(root, 'val', { classNames: ['a', 'b', 'c', 'd', 'e'] })).rejects.toThrow(
      /not an ImageNet wnid/,
    );
  });

  const namesFile = sharedPath('reference', 'imagenet-classnames.json');
  const wnidFile = sharedPath('splits', 'imagenet-lt', 'classnames.txt');
  it.skipIf(!namesFile || !wnidFile)(
    'takes CLIP’s 1000 curated names in wnid order (shared reference list)',
    async () => {
      const names = (JSON.parse(readFileSync(namesFile!, 'utf8')) as { classnames: string[] }).classnames;
      const wnids = readFileSync(wnidFile!, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split(' ')[0]);
      expect(names).toHaveLength(1000);
      expect([...wnids].sort()).toEqual(wnids); // index order is sorted-wnid order
      const root = join(tmp.dir, 'full');
      for (const w of wnids) {
        mkdirSync(join(root, 'val', w), { recursive: true });
        writeFileSync(join(root, 'val', w, 'a.JPEG'), '');
      }
      const split = await loadImageNetFolder(root, 'val', { classNames: names, wnids });
      expect(split.samples).toHaveLength(1000);
      expect(split.classNames[0]).toBe('tench');
      expect(split.samples[0].path).toContain('n01440764');
    },
  );
});
