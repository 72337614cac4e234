import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { matrix } from '@gla/core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadImageNetShift } from '../../src/loaders/imagenet-shift.js';
import { restrictLogits } from '../../src/loaders/restrict-logits.js';
import { sharedPath, tempDir } from '../shared-dir.js';

const tmp = tempDir();
afterAll(tmp.remove);

// The real wnid list when shared data is present, otherwise 1000 sorted synthetic wnids.
const lt = sharedPath('splits', 'imagenet-lt', 'classnames.txt');
const WNIDS = lt
  ? readFileSync(lt, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' ')[0])
  : Array.from({ length: 1000 }, (_, i) => `n${String(1000000 + i * 37).padStart(8, '0')}`);
const NAMES = WNIDS.map((_, i) => `class ${i}`);

function makeFolders(root: string, folders: string[]): void {
  for (const f of folders) {
    mkdirSync(join(root, f), { recursive: true });
    writeFileSync(join(root, f, 'img.jpeg'), '');
  }
}

describe('ImageNet shift sets', () => {
  it('ImageNet-V2: folders 0..999 are class indices in numeric order', async () => {
    const root = join(tmp.dir, 'v2');
    makeFolders(
      root,
      Array.from({ length: 1000 }, (_, i) => String(i)),
    );
    const split = await loadImageNetShift('imagenet-v2', root, { classNames: NAMES });
    expect(split.samples).toHaveLength(1000);
    expect(split.samples[10]).toEqual({ path: join(root, '10', 'img.jpeg'), label: 10 }); // not '10' after '1'
    expect(Array.from(split.classIndices)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('ImageNet-R / -A: 200 wnid folders map to their indices in the 1000-way list', async () => {
    const chosen = Array.from({ length: 200 }, (_, i) => i * 5 + 1);
    const root = join(tmp.dir, 'r');
    makeFolders(
      root,
      chosen.map((j) => WNIDS[j]),
    );
    const split = await loadImageNetShift('imagenet-r', root, { classNames: NAMES, wnids: WNIDS });
    expect(Array.from(split.classIndices)).toEqual(chosen);
    expect(split.classNames[1]).toBe(`class ${chosen[1]}`);
    expect(split.samples[1].label).toBe(1);
    await expect(loadImageNetShift('imagenet-a', root, { classNames: NAMES })).rejects.toThrow(
      /pass the 1000 ImageNet wnids/,
    );
    makeFolders(root, ['n00000001']);
    await expect(loadImageNetShift('imagenet-r', root, { classNames: NAMES, wnids: WNIDS })).rejects.toThrow(
      /expected 200 classes, found 201/,
    );
  });

  it('ImageNet-Sketch: 1000 wnid folders, identity indices; an unknown wnid is an error', async () => {
    const root = join(tmp.dir, 'sketch');
    makeFolders(root, WNIDS);
    const split = await loadImageNetShift('imagenet-sketch', root, { classNames: NAMES, wnids: WNIDS });
    expect(split.classIndices.every((j, i) => j === i)).toBe(true);
    const bad = join(tmp.dir, 'sketch-bad');
    makeFolders(bad, [...WNIDS.slice(0, 999), 'n99999999']);
    await expect(loadImageNetShift('imagenet-sketch', bad, { classNames: NAMES, wnids: WNIDS })).rejects.toThrow(
      /n99999999: folder is not one of the 1000 ImageNet wnids/,
    );
  });
});

describe('restrictLogits', () => {
  it('keeps the listed columns in order and the array type', () => {
    const logits = matrix(Float32Array.from([0, 1, 2, 3, 10, 11, 12, 13]), 2, 4);
    const r = restrictLogits(logits, [3, 1]);
    expect(r.data).toBeInstanceOf(Float32Array);
    expect([r.rows, r.cols, Array.from(r.data)]).toEqual([2, 2, [3, 1, 13, 11]]);
    const d = restrictLogits(matrix(Float64Array.from([5, 6]), 1, 2), new Int32Array([1]));
    expect(d.data).toBeInstanceOf(Float64Array);
    expect(() => restrictLogits(logits, [4])).toThrow(/class index 4 is outside 0..3/);
  });

  it('argmax over the restricted logits indexes the subset labels', () => {
    // A sample whose 1000-way argmax lies outside the subset still gets the best subset class.
    const cols = 10;
    const data = new Float64Array(cols).fill(0);
    data[0] = 9; // not in the subset
    data[7] = 5;
    data[2] = 3;
    const r = restrictLogits(matrix(data, 1, cols), [2, 7]);
    expect(r.data[1] > r.data[0]).toBe(true); // label 1 (class 7) wins
  });
});
