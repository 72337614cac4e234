import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COOP_DATASETS, coopDataset, coopPaths } from '../../src/splits/coop-datasets.js';
import { parseCoopSplit, readCoopSplit } from '../../src/splits/coop-split.js';
import { sharedPath, tempDir } from '../shared-dir.js';

const tmp = tempDir();
afterAll(tmp.remove);

describe('CoOp split files', () => {
  it('parses [path, label, name] entries relative to the image root', () => {
    const json = {
      train: [
        ['b/1.jpg', 1, 'bee'],
        ['a/1.jpg', 0, 'ant'],
      ],
      val: [['a/2.jpg', 0, 'ant']],
      test: [['b/3.jpg', 1, 'bee']],
    };
    const s = parseCoopSplit(json, 'split.json', '/data/img', 'toy');
    expect(s.train.classNames).toEqual(['ant', 'bee']);
    expect(s.train.samples[0]).toEqual({ path: '/data/img/b/1.jpg', label: 1 });
    expect(s.test.name).toBe('toy/test');
    expect(s.relativePaths.val).toEqual(['a/2.jpg']);
  });

  it('rejects malformed entries, two names for one label, and label gaps', () => {
    const base = { val: [], test: [] };
    expect(() => parseCoopSplit({ ...base, train: [['a.jpg', '0', 'x']] }, 'f.json', '/r')).toThrow(
      /f\.json: train\[0\] is malformed/,
    );
    expect(() =>
      parseCoopSplit(
        {
          ...base,
          train: [
            ['a.jpg', 0, 'x'],
            ['b.jpg', 0, 'y'],
          ],
        },
        'f.json',
        '/r',
      ),
    ).toThrow(/label 0 is named both 'x' and 'y'/);
    expect(() => parseCoopSplit({ ...base, train: [['a.jpg', 2, 'x']] }, 'f.json', '/r')).toThrow(
      /no entry has label 0/,
    );
    expect(() => parseCoopSplit({ train: [] }, 'f.json', '/r')).toThrow(/'val' is missing/);
  });

  it('reports a file that is not JSON', async () => {
    writeFileSync(join(tmp.dir, 'bad.json'), '{"train": [');
    await expect(readCoopSplit(join(tmp.dir, 'bad.json'), '/r')).rejects.toThrow(/bad\.json: not valid JSON/);
  });
});

describe('the 11 CoOp datasets', () => {
  it('lists each with its folder convention', () => {
    expect(COOP_DATASETS.map((d) => d.shortName)).toEqual([
      'ImageNet',
      'Caltech101',
      'OxfordPets',
      'StanfordCars',
      'Flowers102',
      'Food101',
      'FGVCAircraft',
      'SUN397',
      'DTD',
      'EuroSAT',
      'UCF101',
    ]);
    expect(coopPaths(coopDataset('caltech101'), '/data')).toEqual({
      dir: '/data/caltech-101',
      imageRoot: '/data/caltech-101/101_ObjectCategories',
      splitFile: '/data/caltech-101/split_zhou_Caltech101.json',
    });
    expect(coopPaths(coopDataset('StanfordCars'), '/data').imageRoot).toBe('/data/stanford_cars');
    expect(coopDataset('dtd').name).toBe('DescribableTextures');
    expect(() => coopDataset('mnist')).toThrow(/unknown CoOp dataset 'mnist'/);
  });

  const dir = sharedPath('splits', 'coop');
  it.skipIf(!dir)('reads every shared split file with the class count CoOp uses', async () => {
    const files = readdirSync(dir!).filter((f) => f.startsWith('split_zhou_'));
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const f of files) {
      const info = COOP_DATASETS.find((d) => d.splitFile === f);
      expect(info, f).toBeDefined();
      const s = await readCoopSplit(join(dir!, f), '/data/x', info!.name);
      expect(s.train.classNames, f).toHaveLength(info!.classes);
      for (const part of [s.train, s.val, s.test]) {
        const seen = new Set(part.samples.map((x) => x.label));
        expect(seen.size, `${f} ${part.name}`).toBe(info!.classes);
      }
    }
  });

  it.skipIf(!dir)('Caltech101 split sizes are 4128 / 1649 / 2465', async () => {
    const s = await readCoopSplit(join(dir!, 'split_zhou_Caltech101.json'), '/data/caltech-101/101_ObjectCategories');
    expect([s.train.samples.length, s.val.samples.length, s.test.samples.length]).toEqual([4128, 1649, 2465]);
    expect(s.train.classNames[0]).toBe('face');
  });
});
