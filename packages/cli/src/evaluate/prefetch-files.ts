import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';

/** Bytes per read call: small enough that {@link PrefetchedFiles.cancel} stops a read within milliseconds. */
const READ_PIECE = 64 * 2 ** 20;

/**
 * Input files read ahead, concurrently, on libuv's threads, while the command goes on (two 200 MB logit files
 * are copied from the page cache on two cores instead of one after the other). Only regular files of at most
 * `limit` bytes are read ahead, each into one SharedArrayBuffer (the same one read, no copy, as the synchronous
 * reader). Anything else, and any read that fails or sees the file change size, gives `undefined`: the caller
 * then reads the file the usual way, whose checks and one-line messages (FIFOs, folders, missing files, files
 * over the limit, a file that shrank) are therefore unchanged. A read-ahead never rejects.
 */
export class PrefetchedFiles {
  private readonly pending = new Map<string, Promise<Uint8Array | undefined>>();
  private readonly state = { cancelled: false };

  /** Starts reading `files` (duplicates once) that are regular files of 1 to `limit` bytes. */
  constructor(files: readonly string[], limit: number) {
    for (const file of files) {
      if (this.pending.has(file)) continue;
      let size: number;
      try {
        const info = statSync(file);
        if (!info.isFile()) continue;
        size = info.size;
      } catch {
        continue;
      }
      if (size === 0 || size > limit) continue;
      this.pending.set(file, readAhead(file, size, this.state));
    }
  }

  /**
   * The bytes read ahead for `file`, once (a second call, e.g. the same file given twice, gets `undefined` and
   * reads it again, as before); `undefined` when it was not read ahead or the read did not complete.
   */
  async take(file: string): Promise<Uint8Array | undefined> {
    const bytes = this.pending.get(file);
    this.pending.delete(file);
    return bytes;
  }

  /**
   * Stops the reads still under way after their current piece (a command that fails early then exits at once
   * instead of waiting for files it will not use); their bytes are dropped.
   */
  cancel(): void {
    this.state.cancelled = true;
  }
}

async function readAhead(
  file: string,
  expected: number,
  state: { cancelled: boolean },
): Promise<Uint8Array | undefined> {
  try {
    const handle = await open(file, 'r');
    try {
      const size = (await handle.stat()).size;
      if (size !== expected) return undefined;
      const bytes = new Uint8Array(new SharedArrayBuffer(size));
      let done = 0;
      while (done < size) {
        if (state.cancelled) return undefined;
        const { bytesRead } = await handle.read(bytes, done, Math.min(READ_PIECE, size - done), done);
        if (bytesRead === 0) return undefined;
        done += bytesRead;
      }
      return bytes;
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}
