import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeNpy } from '@gla/core';
import { main } from '../src/index.js';

/** A temp folder to write inputs into. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'gla-cli-'));
}

/** Writes a .npy file and returns its path. */
export function writeNpy(
  dir: string,
  name: string,
  data: Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array,
  shape: number[],
): string {
  const file = join(dir, name);
  writeFileSync(file, encodeNpy(data, shape));
  return file;
}

/** Runs `gla` in-process; returns the exit code and the lines it logged. */
export async function runGla(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await main(args, (line) => lines.push(line));
  return { code, lines };
}
