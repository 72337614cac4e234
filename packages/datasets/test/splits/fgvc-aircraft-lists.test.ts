import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFgvcAircraftSplits } from '../../src/splits/fgvc-aircraft-lists.js';
import { tempDir } from '../shared-dir.js';

const tmp = tempDir();
afterAll(tmp.remove);

describe('FGVC-Aircraft variant lists (CoOp reads these instead of a split JSON)', () => {
  it('labels by line of variants.txt, names with spaces and slashes intact', async () => {
    const dir = join(tmp.dir, 'fgvc_aircraft');
    mkdirSync(dir);
    writeFileSync(join(dir, 'variants.txt'), '707-320\nA300B4\nF/A-18\nDHC-1\n');
    writeFileSync(join(dir, 'images_variant_train.txt'), '1025794 707-320\n1340192 F/A-18\n');
    writeFileSync(join(dir, 'images_variant_val.txt'), '0056978 DHC-1\n');
    writeFileSync(join(dir, 'images_variant_test.txt'), '1514522 A300B4\n');
    const s = await readFgvcAircraftSplits(dir);
    expect(s.train.classNames).toEqual(['707-320', 'A300B4', 'F/A-18', 'DHC-1']);
    expect(s.train.samples).toEqual([
      { path: join(dir, 'images', '1025794.jpg'), label: 0 },
      { path: join(dir, 'images', '1340192.jpg'), label: 2 },
    ]);
    expect(s.val.samples[0].label).toBe(3);
    writeFileSync(join(dir, 'images_variant_test.txt'), '1514522 Boeing 999\n');
    await expect(readFgvcAircraftSplits(dir)).rejects.toThrow(
      /images_variant_test\.txt:1: class 'Boeing 999' is not listed/,
    );
  });
});
