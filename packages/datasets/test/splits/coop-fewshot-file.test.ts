import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { coopDataset } from '../../src/splits/coop-datasets.js';
import {
  coopFewShotFileName,
  coopImageMarker,
  readCoopFewShotFile,
  remapImpath,
} from '../../src/splits/coop-fewshot-file.js';
import { parseCoopSplit } from '../../src/splits/coop-split.js';
import { loadFewShotSplits } from '../../src/splits/few-shot-splits.js';
import { tempDir } from '../shared-dir.js';

const tmp = tempDir();
afterAll(tmp.remove);

const split = parseCoopSplit(
  {
    train: [
      ['Faces/image_0001.jpg', 0, 'face'],
      ['Faces/image_0002.jpg', 0, 'face'],
      ['ant/image_0001.jpg', 1, 'ant'],
    ],
    val: [
      ['Faces/image_0003.jpg', 0, 'face'],
      ['ant/image_0002.jpg', 1, 'ant'],
    ],
    test: [['ant/image_0003.jpg', 1, 'ant']],
  },
  'split.json',
  '/mine/101_ObjectCategories',
);

function write(name: string, train: object[], val: object[], trainIndices?: number[]): string {
  const path = join(tmp.dir, name);
  const part = (data: object[], indices?: number[]) => (indices ? { data, indices } : { data });
  writeFileSync(path, JSON.stringify({ train: part(train, trainIndices), val: part(val) }));
  return path;
}

const entry = (impath: string, label: number, classname: string) => ({ impath, label, classname });

describe('remapImpath', () => {
  it('takes the part after the image-root folder, whatever the separators or prefix', () => {
    expect(remapImpath('./data/caltech-101/101_ObjectCategories/Faces/image_0201.jpg', '101_ObjectCategories')).toBe(
      'Faces/image_0201.jpg',
    );
    expect(remapImpath('C:\\Users\\a\\101_ObjectCategories\\ant\\x.jpg', '101_ObjectCategories')).toBe('ant/x.jpg');
    expect(
      remapImpath('/home/a/stanford_cars/cars_train/00001.jpg', coopImageMarker(coopDataset('StanfordCars'))),
    ).toBe('cars_train/00001.jpg');
    expect(remapImpath('/elsewhere/x.jpg', 'jpg')).toBeUndefined();
  });

  it('with known relative paths, matches the longest known suffix', () => {
    const known = new Set(['Faces/image_0001.jpg', 'image_0001.jpg']);
    expect(remapImpath('/any/where/Faces/image_0001.jpg', undefined, known)).toBe('Faces/image_0001.jpg');
  });
});

describe('readCoopFewShotFile', () => {
  it('remaps absolute author paths onto the user image root and checks them against the split', async () => {
    const file = write(
      coopFewShotFileName(1, 2),
      [
        entry('/home/author/data/101_ObjectCategories/Faces/image_0002.jpg', 0, 'face'),
        entry('/home/author/data/101_ObjectCategories/ant/image_0001.jpg', 1, 'ant'),
      ],
      [
        entry('/home/author/data/101_ObjectCategories/Faces/image_0003.jpg', 0, 'face'),
        entry('/home/author/data/101_ObjectCategories/ant/image_0002.jpg', 1, 'ant'),
      ],
      [1, 2],
    );
    const fs = await readCoopFewShotFile(file, { imageRoot: '/mine/101_ObjectCategories', reference: split });
    expect([fs.shots, fs.seed, fs.origin]).toEqual([1, 2, 'file']);
    expect(fs.train.samples).toEqual([
      { path: '/mine/101_ObjectCategories/Faces/image_0002.jpg', label: 0 },
      { path: '/mine/101_ObjectCategories/ant/image_0001.jpg', label: 1 },
    ]);
    expect(fs.val.classNames).toEqual(['face', 'ant']);
    // Without a reference the marker alone places the paths, and names come from the file.
    const loose = await readCoopFewShotFile(file, { imageRoot: '/other', marker: '101_ObjectCategories' });
    expect(loose.val.samples[1].path).toBe('/other/ant/image_0002.jpg');
  });

  it('rejects a wrong label, a wrong index and an unplaceable path', async () => {
    const wrongLabel = write('l.json', [entry('/x/101_ObjectCategories/ant/image_0001.jpg', 0, 'face')], []);
    await expect(readCoopFewShotFile(wrongLabel, { imageRoot: '/mine', reference: split })).rejects.toThrow(
      /has label 0 but the split gives 1/,
    );
    const wrongIndex = write('i.json', [entry('/x/101_ObjectCategories/ant/image_0001.jpg', 1, 'ant')], [], [0]);
    await expect(readCoopFewShotFile(wrongIndex, { imageRoot: '/mine', reference: split })).rejects.toThrow(
      /train\.indices\[0\] = 0 does not point at 'ant\/image_0001\.jpg'/,
    );
    const nowhere = write('n.json', [entry('/x/other/ant/image_9.jpg', 1, 'ant')], []);
    await expect(readCoopFewShotFile(nowhere, { imageRoot: '/mine', reference: split })).rejects.toThrow(
      /cannot place '\/x\/other\/ant\/image_9\.jpg'/,
    );
  });

  it('loadFewShotSplits uses a published file when present and samples otherwise', async () => {
    write(
      coopFewShotFileName(1, 1),
      [
        entry('a/101_ObjectCategories/Faces/image_0001.jpg', 0, 'face'),
        entry('a/101_ObjectCategories/ant/image_0001.jpg', 1, 'ant'),
      ],
      [],
    );
    const fromFile = await loadFewShotSplits({
      splits: split,
      imageRoot: '/mine',
      shots: 1,
      seed: 1,
      fewShotDir: tmp.dir,
    });
    expect(fromFile.origin).toBe('file');
    const sampled = await loadFewShotSplits({
      splits: split,
      imageRoot: '/mine',
      shots: 1,
      seed: 3,
      fewShotDir: tmp.dir,
    });
    expect(sampled.origin).toBe('sampled');
    expect(sampled.train.samples).toHaveLength(2);
  });
});
