import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PrefetchedFiles } from '../../src/evaluate/prefetch-files.js';

const dir = mkdtempSync(join(tmpdir(), 'gla-prefetch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PrefetchedFiles', () => {
  it('reads regular files ahead into SharedArrayBuffers, each handed out once', async () => {
    const a = join(dir, 'a.bin');
    const b = join(dir, 'b.bin');
    writeFileSync(
      a,
      Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) % 251),
    );
    writeFileSync(b, 'bytes of b');
    const files = new PrefetchedFiles([a, b, a], 1 << 20);
    const bytesA = await files.take(a);
    expect(bytesA?.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(bytesA ?? []).slice(69_998)).toEqual([(69_998 * 7) % 251, (69_999 * 7) % 251]);
    expect(bytesA?.length).toBe(70_000);
    expect(new TextDecoder().decode(await files.take(b))).toBe('bytes of b');
    expect(await files.take(a)).toBeUndefined();
  });

  it('leaves folders, missing files, empty files, files over the limit and FIFOs to the usual reader', async () => {
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    const empty = join(dir, 'empty.npy');
    writeFileSync(empty, '');
    const big = join(dir, 'big.bin');
    writeFileSync(big, new Uint8Array(1000));
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const missing = join(dir, 'missing.npy');
    // A FIFO is never opened here: with no writer, opening it for reading would wait.
    const files = new PrefetchedFiles([folder, missing, empty, big, fifo], 999);
    for (const f of [folder, missing, empty, big, fifo]) expect(await files.take(f)).toBeUndefined();
  });
});

describe('PrefetchedFiles.cancel', () => {
  it('drops the reads still under way (their bytes are read again the usual way)', async () => {
    const big = join(dir, 'cancelled.bin');
    writeFileSync(big, new Uint8Array(200 * 2 ** 20));
    const files = new PrefetchedFiles([big], 2 ** 31 - 1);
    files.cancel();
    expect(await files.take(big)).toBeUndefined();
  });
});
