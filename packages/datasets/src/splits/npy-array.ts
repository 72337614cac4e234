import { readFile } from 'node:fs/promises';
import { InputError, parseNpy, type NpyArray } from '@gla/core';
import { DatasetError } from '../loaders/dataset-error.js';
import { messages } from '../messages.js';

/**
 * Reads a .npy file with core's parser (C order; bool, uint8, int32/int64, float16/32/64).
 * @throws DatasetError when the file is missing or malformed, naming the file
 */
export async function readNpy(file: string): Promise<NpyArray> {
  const bytes = await readFile(file).catch(() => {
    throw new DatasetError(file, messages.fileMissing(file));
  });
  try {
    return parseNpy(new Uint8Array(bytes), file);
  } catch (error) {
    if (error instanceof InputError) throw new DatasetError(file, error.message);
    throw error;
  }
}
