import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { matrix, type Matrix } from '@gla/core';
import { openAtomicFile, writeFileAtomic } from '@gla/core';
import {
  canonicalJson,
  featureCachePaths,
  keyDifferences,
  partialKeySchema,
  readJsonFile,
  type FeatureCacheKey,
} from './feature-cache.js';
import { messages } from './messages.js';
import { ModelError } from './model-error.js';
import { featureData, npyHeader, tryDecodeNpy } from './npy-file.js';

/**
 * The `partial/` folder of a feature cache: fixed-size row chunks written as separate `.npy`
 * files while extraction runs, so an interrupted run resumes at the first missing chunk, then
 * assembled into `features.npy`.
 */
export class FeatureChunks {
  private constructor(
    readonly dir: string,
    readonly key: FeatureCacheKey,
    readonly chunkRows: number,
  ) {}

  /**
   * Opens the partial folder for `key`, discarding it first when it belongs to another key or
   * chunk size. Calls `onDiscard` with the reason in that case.
   */
  static async open(
    cacheDir: string,
    key: FeatureCacheKey,
    chunkRows: number,
    onDiscard: (reason: string) => void,
  ): Promise<FeatureChunks> {
    const paths = featureCachePaths(cacheDir);
    let recorded;
    try {
      recorded = await readJsonFile(paths.partialKey, partialKeySchema);
    } catch (error) {
      onDiscard((error as Error).message);
      recorded = undefined;
      await rm(paths.partial, { recursive: true, force: true });
    }
    if (recorded) {
      const changed = keyDifferences(recorded, key);
      if (recorded.chunkRows !== chunkRows) changed.push('chunkRows');
      if (changed.length > 0) {
        onDiscard(messages.partialStale(paths.partial, changed));
        await rm(paths.partial, { recursive: true, force: true });
        recorded = undefined;
      }
    }
    if (!recorded) {
      await mkdir(paths.partial, { recursive: true });
      await writeFileAtomic(paths.partialKey, canonicalJson({ ...key, chunkRows }));
    }
    return new FeatureChunks(paths.partial, key, chunkRows);
  }

  /** Number of chunks for the key's sample count. */
  get count(): number {
    return Math.ceil(this.key.sampleCount / this.chunkRows);
  }

  /** Sample index range `[start, end)` of chunk `c`. */
  range(c: number): [number, number] {
    return [c * this.chunkRows, Math.min(this.key.sampleCount, (c + 1) * this.chunkRows)];
  }

  /** File of chunk `c`. */
  file(c: number): string {
    return join(this.dir, `chunk-${String(c).padStart(6, '0')}.npy`);
  }

  /** Indices of chunks already on disk (their contents are checked when assembling). */
  async completed(): Promise<Set<number>> {
    const done = new Set<number>();
    for (const name of await readdir(this.dir)) {
      const match = /^chunk-(\d{6})\.npy$/.exec(name);
      if (match && Number(match[1]) < this.count) done.add(Number(match[1]));
    }
    return done;
  }

  /** Writes chunk `c` ([rows, cols] float32 values, stored as the key's dtype) atomically. */
  async write(c: number, values: Float32Array, cols: number): Promise<void> {
    const [start, end] = this.range(c);
    const { dtype } = this.key;
    await writeFileAtomic(this.file(c), [npyHeader(dtype, end - start, cols), featureData(values, dtype)]);
  }

  /** Reads chunk `c`, checking type and row count. @throws ModelError `CACHE_CORRUPT` naming the chunk. */
  async read(c: number): Promise<{ bytes: Uint8Array; dataOffset: number; cols: number; values: Float32Array }> {
    const path = this.file(c);
    const bytes = await readFile(path);
    const decoded = tryDecodeNpy(bytes);
    if (typeof decoded === 'string') throw new ModelError(messages.cacheCorrupt(path, decoded), 'CACHE_CORRUPT', path);
    const [start, end] = this.range(c);
    if (decoded.dtype !== this.key.dtype || decoded.rows !== end - start) {
      const problem = messages.chunkShape(decoded.dtype, decoded.rows, this.key.dtype, end - start);
      throw new ModelError(messages.cacheCorrupt(path, problem), 'CACHE_CORRUPT', path);
    }
    return { bytes, dataOffset: decoded.dataOffset, cols: decoded.cols, values: decoded.data };
  }

  /**
   * Concatenates all chunks into `target` (atomic write), one chunk in memory at a time besides
   * the returned matrix. `fallbackCols` is the width used when there are no samples.
   * @returns the features and the SHA-256 of the written file.
   */
  async assemble(target: string, fallbackCols: number): Promise<{ features: Matrix<Float32Array>; sha256: string }> {
    const rows = this.key.sampleCount;
    let cols = fallbackCols;
    if (this.count > 0) cols = (await this.read(0)).cols;
    const file = await openAtomicFile(target);
    const hash = createHash('sha256');
    const data = new Float32Array(rows * cols);
    try {
      const header = npyHeader(this.key.dtype, rows, cols);
      hash.update(header);
      await file.write(header);
      for (let c = 0; c < this.count; c++) {
        const chunk = await this.read(c);
        if (chunk.cols !== cols)
          throw new ModelError(
            messages.cacheCorrupt(this.file(c), messages.chunkWidth(chunk.cols, cols)),
            'CACHE_CORRUPT',
            this.file(c),
          );
        const payload = chunk.bytes.subarray(chunk.dataOffset);
        hash.update(payload);
        await file.write(payload);
        data.set(chunk.values, this.range(c)[0] * cols);
      }
      await file.commit();
    } catch (error) {
      await file.abort();
      throw error;
    }
    return { features: matrix(data, rows, cols), sha256: hash.digest('hex') };
  }

  /** Deletes the partial folder (after a successful assembly). */
  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
