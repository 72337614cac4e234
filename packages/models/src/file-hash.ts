import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { messages } from './messages.js';
import { ModelError } from './model-error.js';

/**
 * SHA-256 of a file's contents as lowercase hex, streamed (constant memory).
 * @throws ModelError `FILE_MISSING` naming the file.
 */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch {
    throw new ModelError(messages.fileMissing(path, 'file to hash'), 'FILE_MISSING', path);
  }
  return hash.digest('hex');
}

/** A file's name (not its folder, so a moved model folder keeps its cache) and content hash. */
export interface FileHash {
  readonly file: string;
  readonly sha256: string;
}

/** Hashes each file in order; names are base names. */
export async function hashFiles(paths: readonly string[]): Promise<FileHash[]> {
  const out: FileHash[] = [];
  for (const path of paths) out.push({ file: basename(path), sha256: await sha256File(path) });
  return out;
}

/** SHA-256 of a sample list: one `id<TAB>path<LF>` line per sample, in order. */
export function hashSampleList(samples: readonly { readonly id: string; readonly path: string }[]): string {
  const hash = createHash('sha256');
  for (const { id, path } of samples) hash.update(`${id}\t${path}\n`);
  return hash.digest('hex');
}
