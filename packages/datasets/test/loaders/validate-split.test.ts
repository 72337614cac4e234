import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/loaders/dataset-error.js';
import { checkSplitLabels, findMissingFiles, validateSplit } from '../../src/loaders/validate-split.js';
import { tempDir } from '../shared-dir.js';

const tmp = tempDir();
afterAll(tmp.remove);

describe('validateSplit', () => {
  const present = Array.from({ length: 4 }, (_, i) => join(tmp.dir, `p${i}.jpg`));
  mkdirSync(tmp.dir, { recursive: true });
  for (const p of present) writeFileSync(p, 'x');
  mkdirSync(join(tmp.dir, 'adir.jpg'));

  it('lists the first missing paths and the count, never skipping them', async () => {
    const missing = Array.from({ length: 8 }, (_, i) => join(tmp.dir, `m${i}.jpg`));
    const samples = [...present, ...missing].map((path, i) => ({ path, label: i % 2 }));
    const error = await validateSplit({ name: 's', classNames: ['a', 'b'], samples }, 'list.txt').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatasetError);
    const message = (error as DatasetError).message;
    expect(message).toMatch(/^list\.txt: 8 of 12 listed image files are missing, e\.g\. /);
    expect(message).toContain(missing[0]);
    expect(message).toContain(missing[4]);
    expect(message).not.toContain(missing[5]); // first 5 only
  });

  it('treats a folder as missing, and returns per-class counts when all is well', async () => {
    expect(await findMissingFiles([present[0], join(tmp.dir, 'adir.jpg')])).toEqual([join(tmp.dir, 'adir.jpg')]);
    const summary = await validateSplit(
      { name: 's', classNames: ['a', 'b'], samples: present.map((path, i) => ({ path, label: i < 3 ? 0 : 1 })) },
      'x',
    );
    expect(Array.from(summary.perClass)).toEqual([3, 1]);
  });

  it('rejects unknown labels, empty classes and a wrong class count', async () => {
    const samples = [{ path: present[0], label: 2 }];
    expect(() => checkSplitLabels({ name: 's', classNames: ['a', 'b'], samples }, 'f.json')).toThrow(
      /f\.json: sample 0 has label 2, outside 0\.\.1/,
    );
    const ok = [{ path: present[0], label: 0 }];
    await expect(validateSplit({ name: 's', classNames: ['a', 'b'], samples: ok }, 'f')).rejects.toThrow(
      /class 1 \(b\) has no sample/,
    );
    await expect(
      validateSplit({ name: 's', classNames: ['a', 'b'], samples: ok }, 'f', { expectedClasses: 3 }),
    ).rejects.toThrow(/expected 3 classes, found 2/);
    await expect(
      validateSplit({ name: 's', classNames: ['a', 'b'], samples: ok }, 'f', { allowEmptyClasses: true }),
    ).resolves.toBeDefined();
  });
});
