import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { matrix, type Matrix } from '@gla/core';
import { z } from 'zod';
import type { FileHash } from './file-hash.js';
import { messages } from './messages.js';
import { ModelError } from './model-error.js';
import { tryDecodeNpy, type FeatureDtype } from './npy-file.js';

/**
 * On-disk feature cache: `features.npy` ([samples, embedDim], float16 or float32) and
 * `manifest.json`, which records what the features were computed from. A cache is only used
 * when its recorded key equals the requested one; the features file's hash guards against
 * damage. Partial extractions live in `partial/` until assembled.
 */

/** What a cache's features depend on; any change means the cache is stale. */
export interface FeatureCacheKey {
  /** Dataset split name, e.g. "imagenet/val". */
  readonly split: string;
  readonly sampleCount: number;
  /** SHA-256 of the sample list (see `hashSampleList`). */
  readonly sampleListSha256: string;
  /** The image encoder's files (the `.onnx` and any external data) and their hashes. */
  readonly modelFiles: readonly FileHash[];
  /** Preprocessing settings as JSON (e.g. a manifest's `preprocess`). */
  readonly preprocess: unknown;
  /** Storage type of `features.npy`. */
  readonly dtype: FeatureDtype;
}

const keyShape = {
  split: z.string(),
  sampleCount: z.number().int().nonnegative(),
  sampleListSha256: z.string().regex(/^[0-9a-f]{64}$/),
  modelFiles: z.array(z.strictObject({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
  preprocess: z.unknown(),
  dtype: z.enum(['float16', 'float32']),
};

/** Schema of `partial/key.json`: the key of an unfinished extraction and its chunk size. */
export const partialKeySchema = z.strictObject({ ...keyShape, chunkRows: z.number().int().positive() });

/** Schema of a cache's `manifest.json`. */
export const featureCacheManifestSchema = z.strictObject({
  version: z.literal(1),
  ...keyShape,
  embedDim: z.number().int().nonnegative(),
  featuresFile: z.literal('features.npy'),
  featuresSha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
});

/** The contents of a cache's `manifest.json`. */
export type FeatureCacheManifest = z.output<typeof featureCacheManifestSchema>;

/** Files of a cache folder. */
export function featureCachePaths(dir: string) {
  return {
    manifest: join(dir, 'manifest.json'),
    features: join(dir, 'features.npy'),
    partial: join(dir, 'partial'),
    partialKey: join(dir, 'partial', 'key.json'),
  };
}

/** A stable JSON text (object keys sorted) for comparing keys. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Names of the key fields that differ between a recorded and a requested key (empty: same). */
export function keyDifferences(recorded: FeatureCacheKey, requested: FeatureCacheKey): string[] {
  const fields: (keyof FeatureCacheKey)[] = [
    'split',
    'sampleCount',
    'sampleListSha256',
    'modelFiles',
    'preprocess',
    'dtype',
  ];
  return fields.filter((f) => canonicalJson(recorded[f]) !== canonicalJson(requested[f]));
}

/** Reads and validates a JSON file; undefined when absent. @throws ModelError `CACHE_CORRUPT`. */
export async function readJsonFile<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelError(messages.cacheCorrupt(path, (error as Error).message), 'CACHE_CORRUPT', path);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ModelError(
      messages.cacheCorrupt(path, messages.keyPathIssue(issue.path, issue.message)),
      'CACHE_CORRUPT',
      path,
    );
  }
  return parsed.data;
}

/** A loaded cache. */
export interface LoadedFeatureCache {
  readonly manifest: FeatureCacheManifest;
  /** [sampleCount, embedDim], widened to float32. */
  readonly features: Matrix<Float32Array>;
}

/**
 * Loads a complete cache from `dir`, checking the features file against the manifest's hash
 * and shape, and (when `expected` is given) the recorded key against it.
 * @returns undefined when the folder has no `manifest.json`.
 * @throws ModelError `CACHE_CORRUPT` naming the damaged file, or `CACHE_STALE` naming the
 *   manifest and the fields that changed.
 */
export async function loadFeatureCache(
  dir: string,
  expected?: FeatureCacheKey,
): Promise<LoadedFeatureCache | undefined> {
  const paths = featureCachePaths(dir);
  const manifest = await readJsonFile(paths.manifest, featureCacheManifestSchema);
  if (!manifest) return undefined;
  if (expected) {
    const changed = keyDifferences(manifest, expected);
    if (changed.length > 0)
      throw new ModelError(messages.cacheStale(paths.manifest, changed), 'CACHE_STALE', paths.manifest);
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(paths.features);
  } catch {
    throw new ModelError(
      messages.cacheCorrupt(paths.features, messages.cacheFeaturesMissing()),
      'CACHE_CORRUPT',
      paths.features,
    );
  }
  if (createHash('sha256').update(bytes).digest('hex') !== manifest.featuresSha256) {
    throw new ModelError(
      messages.cacheCorrupt(paths.features, messages.cacheHashMismatch()),
      'CACHE_CORRUPT',
      paths.features,
    );
  }
  const array = tryDecodeNpy(bytes);
  if (typeof array === 'string')
    throw new ModelError(messages.cacheCorrupt(paths.features, array), 'CACHE_CORRUPT', paths.features);
  if (array.rows !== manifest.sampleCount || array.cols !== manifest.embedDim || array.dtype !== manifest.dtype) {
    const problem = messages.cacheShape(
      array.dtype,
      array.rows,
      array.cols,
      manifest.dtype,
      manifest.sampleCount,
      manifest.embedDim,
    );
    throw new ModelError(messages.cacheCorrupt(paths.features, problem), 'CACHE_CORRUPT', paths.features);
  }
  return { manifest, features: matrix(array.data, array.rows, array.cols) };
}
