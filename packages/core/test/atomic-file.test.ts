import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicSync } from '../src/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gla-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates parent folders, replaces existing files and leaves no temp files', async () => {
    const path = join(dir, 'a', 'b', 'x.txt');
    await writeFileAtomic(path, 'first');
    await writeFileAtomic(path, 'second');
    expect(await readFile(path, 'utf8')).toBe('second');
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['x.txt']);
  });

  it('writes bytes unchanged', async () => {
    const path = join(dir, 'x.bin');
    await writeFileAtomic(path, new Uint8Array([0, 255, 10, 13]));
    expect([...(await readFile(path))]).toEqual([0, 255, 10, 13]);
  });

  it('cleans up its temp file and keeps the old file when the rename fails', async () => {
    const target = join(dir, 'taken');
    await writeFile(join(dir, 'keep.txt'), 'old');
    await writeFileAtomic(join(target, 'inner.txt'), 'x'); // make `taken` a non-empty directory
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['keep.txt', 'taken']);
    expect(await readFile(join(dir, 'keep.txt'), 'utf8')).toBe('old');
  });
});

describe('writeFileAtomicSync', () => {
  it('creates parent folders, replaces existing files and leaves no temp files', async () => {
    const path = join(dir, 'a', 'x.json');
    writeFileAtomicSync(path, 'first');
    writeFileAtomicSync(path, new Uint8Array([115, 101, 99]));
    expect(await readFile(path, 'utf8')).toBe('sec');
    expect(await readdir(join(dir, 'a'))).toEqual(['x.json']);
  });

  it('cleans up its temp file and keeps the old file when the rename fails', async () => {
    const target = join(dir, 'taken');
    await writeFile(join(dir, 'keep.txt'), 'old');
    writeFileAtomicSync(join(target, 'inner.txt'), 'x');
    expect(() => writeFileAtomicSync(target, 'data')).toThrow();
    expect((await readdir(dir)).sort()).toEqual(['keep.txt', 'taken']);
  });
});
