import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeNpy } from '@gla/core';
import { openLogitsFile } from '../src/read-array-files.js';
import { tempDir, writeNpy } from './cli-harness.js';

describe('openLogitsFile', () => {
  it('leaves a regular float32 or float64 N x K file in place, recording where its rows lie', () => {
    const dir = tempDir();
    const f32 = writeNpy(dir, 'f32.npy', new Float32Array(6), [2, 3]);
    const f64 = writeNpy(dir, 'f64.npy', new Float64Array(6), [3, 2]);
    const a = openLogitsFile(f32);
    expect([a?.rows, a?.cols, a?.file.dtype, a?.file.dataOffset, a?.identity.size]).toEqual([2, 3, '<f4', 128, 152]);
    const b = openLogitsFile(f64);
    expect([b?.rows, b?.cols, b?.file.dtype, b?.what]).toEqual([3, 2, '<f8', f64]);
  });

  it('returns undefined for what readLogits must read whole or refuse with its own message', () => {
    const dir = tempDir();
    const half = join(dir, 'half.npy');
    // A float16 file: a float32 header with its descr changed, and 2 x 2 x 2 bytes of data.
    const text = Buffer.from(encodeNpy(new Float32Array(4), [2, 2]));
    text.set(Buffer.from("'<f2'"), text.indexOf("'<f4'"));
    writeFileSync(half, text.subarray(0, 128 + 8));
    const short = writeNpy(dir, 'short.npy', new Float32Array(6), [2, 3]);
    writeFileSync(short, readFileSync(short).subarray(0, 140));
    const empty = writeNpy(dir, 'empty.npy', new Float32Array(0), [0, 3]);
    const vector = writeNpy(dir, 'vector.npy', new Float32Array(3), [3]);
    const ints = writeNpy(dir, 'ints.npy', new Int32Array(4), [2, 2]);
    const fifo = join(dir, 'fifo.npy');
    execFileSync('mkfifo', [fifo]);
    for (const file of [half, short, empty, vector, ints, fifo, dir, join(dir, 'missing.npy')])
      expect(openLogitsFile(file), file).toBeUndefined();
  });
});
