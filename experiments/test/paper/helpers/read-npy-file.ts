import { readFileSync } from 'node:fs';
import { parseNpy } from '@gla/core';

/** The data of a `.npy` file. */
export function readNpyFile(path: string): ArrayLike<number> {
  return parseNpy(new Uint8Array(readFileSync(path)), path).data as ArrayLike<number>;
}
