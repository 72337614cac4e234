import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readClassNamesFile } from '../../src/splits/class-names-file.js';
import { parseLtSplitList, readLtSplit } from '../../src/splits/lt-split-list.js';
import { parseNpy } from '@gla/core';
import { readNpy } from '../../src/splits/npy-array.js';
import { groupsFromShotMask, trainCounts, trainShotGroups } from '../../src/splits/shot-groups.js';
import { sharedPath, tempDir } from '../shared-dir.js';

const tmp = tempDir();
afterAll(tmp.remove);

/** A .npy file (format 1.0) built by hand: magic, header padded to 64 bytes, data. */
function npyBytes(descr: string, shape: number[], data: Uint8Array, fortran = false): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header = `${header.padEnd(64 - 10 - 1, ' ')}\n`;
  const out = new Uint8Array(10 + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(data, 10 + header.length);
  return out;
}

const group = (g: Int8Array) => [0, 1, 2].map((k) => g.filter((x) => x === k).length);

describe('long-tail split lists', () => {
  it('parses <path> <label> lines, allowing spaces in paths', () => {
    const s = parseLtSplitList('train/a/1.jpg 0\n\ntrain/b b/2.jpg 1\n', 'l.txt', '/root', ['a', 'b']);
    expect(s.samples).toEqual([
      { path: '/root/train/a/1.jpg', label: 0 },
      { path: '/root/train/b b/2.jpg', label: 1 },
    ]);
    expect(() => parseLtSplitList('x.jpg\n', 'l.txt', '/r', ['a'])).toThrow(/l\.txt:1: malformed line 'x\.jpg'/);
    expect(() => parseLtSplitList('x.jpg 0\ny.jpg 5\n', 'l.txt', '/r', ['a'])).toThrow(
      /l\.txt:2: label 5 is outside 0\.\.0/,
    );
  });

  it('cuts many (> 100) / medium (20-100) / few (< 20) on training counts, boundaries included', () => {
    const counts = [101, 100, 20, 19, 5, 1280];
    const lines = counts.flatMap((n, c) => Array.from({ length: n }, (_, i) => `train/${c}/${i}.jpg ${c}`));
    const split = parseLtSplitList(lines.join('\n'), 'synthetic', '/r', counts.map(String));
    expect(Array.from(trainCounts(split))).toEqual(counts);
    expect(Array.from(trainShotGroups(split))).toEqual([0, 1, 1, 2, 2, 0]);
  });
});

describe('.npy reader', () => {
  it('reports a malformed or missing file by name', async () => {
    const bad = join(tmp.dir, 'bad.npy');
    writeFileSync(bad, new Uint8Array(20));
    await expect(readNpy(bad)).rejects.toThrow(/bad.npy: not a \.npy file/);
    await expect(readNpy(join(tmp.dir, 'none.npy'))).rejects.toThrow(/none.npy/);
  });

  it('turns a bool[3, K] shot mask into groups and checks each class is in exactly one', () => {
    const mask = parseNpy(npyBytes('|b1', [3, 3], Uint8Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1])), 'm.npy');
    expect(Array.from(groupsFromShotMask(mask, 'm.npy'))).toEqual([0, 1, 2]);
    const bad = parseNpy(npyBytes('|b1', [3, 2], Uint8Array.from([1, 0, 1, 0, 0, 0])), 'm.npy');
    expect(() => groupsFromShotMask(bad, 'm.npy')).toThrow(/class 0 is in 2 of the many\/medium\/few groups/);
  });
});

const ltDir = sharedPath('splits', 'imagenet-lt');
describe.skipIf(!ltDir)('ImageNet-LT files (shared)', () => {
  it('the shot mask has the published group sizes 385 / 479 / 136', async () => {
    const groups = groupsFromShotMask(await readNpy(join(ltDir!, 'imagenet_lt_shot_list.npy')), 'mask');
    expect(group(groups)).toEqual([385, 479, 136]);
  });

  it('our count rule reproduces the mask from a train list with those groups', async () => {
    // No ImageNet-LT train list is shared; a list whose per-class counts fall in the mask's groups stands in.
    const groups = groupsFromShotMask(await readNpy(join(ltDir!, 'imagenet_lt_shot_list.npy')), 'mask');
    const sizes = [150, 100, 19];
    const lines = Array.from(groups).flatMap((g, c) =>
      Array.from({ length: sizes[g] + (c % 3) * (g === 1 ? -40 : 0) }, (_, i) => `train/${c}/${i}.JPEG ${c}`),
    );
    const file = join(tmp.dir, 'ImageNet_LT_train.txt');
    writeFileSync(file, lines.join('\n'));
    const { names } = await readClassNamesFile(join(ltDir!, 'classnames.txt'));
    const split = await readLtSplit('imagenet-lt', 'train', tmp.dir, '/imagenet', names);
    expect(Array.from(trainShotGroups(split))).toEqual(Array.from(groups));
  });

  it.skipIf(!existsSync(join(ltDir ?? '', 'ImageNet_LT_train.txt')))(
    'the real train list gives exactly the mask',
    async () => {
      const { names } = await readClassNamesFile(join(ltDir!, 'classnames.txt'));
      const split = await readLtSplit('imagenet-lt', 'train', ltDir!, '/imagenet', names);
      const mask = groupsFromShotMask(await readNpy(join(ltDir!, 'imagenet_lt_shot_list.npy')), 'mask');
      expect(Array.from(trainShotGroups(split))).toEqual(Array.from(mask));
    },
  );

  it('val has 20 and test 50 images per class, with labels in sorted-wnid order', async () => {
    const { ids, names } = await readClassNamesFile(join(ltDir!, 'classnames.txt'));
    expect([ids.length, ids[0], names[0]]).toEqual([1000, 'n01440764', 'tench']);
    for (const [part, n] of [
      ['val', 20],
      ['test', 50],
    ] as const) {
      const split = await readLtSplit('imagenet-lt', part, ltDir!, '/imagenet', names);
      const counts = trainCounts(split);
      expect(counts.every((c) => c === n)).toBe(true);
      // The wnid folder in each path is the wnid of its label.
      expect(split.samples.every((s) => s.path.includes(`/${ids[s.label]}/`))).toBe(true);
    }
  });
});

const placesDir = sharedPath('splits', 'places-lt');
describe.skipIf(!placesDir)('Places-LT files (shared)', () => {
  it('train counts run from 4980 down to 5 over 365 classes; groups reported', async () => {
    const { names } = await readClassNamesFile(join(placesDir!, 'classnames.txt'));
    expect(names).toHaveLength(365);
    const train = await readLtSplit('places-lt', 'train', placesDir!, '/places365', names);
    const counts = trainCounts(train);
    expect([Math.max(...counts), Math.min(...counts)]).toEqual([4980, 5]);
    const sizes = group(trainShotGroups(train));
    console.log(`Places-LT many / medium / few classes from Places_LT_train.txt: ${sizes.join(' / ')}`);
    expect(sizes.reduce((a, b) => a + b)).toBe(365);
    const test = await readLtSplit('places-lt', 'test', placesDir!, '/places365', names);
    expect(trainCounts(test).every((c) => c === 100)).toBe(true);
  });
});
