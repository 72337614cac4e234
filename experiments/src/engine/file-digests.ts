import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { InputError } from '@gla/core';
import { MissingInputError } from './missing-input-error.js';

/**
 * SHA-256 of input files, each hashed once per run (a 350 MB ONNX model takes about a second), keyed by path,
 * size and modification time so a file replaced during a long run is hashed again.
 */
export class FileDigests {
  private readonly memo = new Map<string, Promise<string>>();

  /** Whether the file exists (dry runs report missing inputs instead of failing). */
  async exists(path: string): Promise<boolean> {
    return stat(path).then(
      (s) => s.isFile(),
      () => false,
    );
  }

  /**
   * The file's SHA-256 (hex).
   * @throws MissingInputError naming the file and `what` it is.
   */
  async sha256(path: string, what: string): Promise<string> {
    const info = await stat(path).catch(() => undefined);
    // A folder or a FIFO is there but is no input file: say so (a FIFO would also never end the hash).
    if (info && !info.isFile())
      throw new InputError(
        `${path}: ${info.isDirectory() ? 'is a folder, not a file' : 'not a regular file (a pipe or device; give a regular file)'} (${what})`,
      );
    if (!info) throw new MissingInputError(path, what);
    const id = `${path}\0${info.size}\0${info.mtimeMs}`;
    let digest = this.memo.get(id);
    if (!digest) {
      digest = hashStream(path);
      this.memo.set(id, digest);
    }
    return digest;
  }
}

async function hashStream(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
