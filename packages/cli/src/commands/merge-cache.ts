import { isUserError } from '@gla/core';
import { mergeFeatureShards, type MergedFeatureSet } from '@gla/experiments';
import { CliError } from '../cli-error.js';
import { checkOutputFolder } from '../check-output-folder.js';

/** Flags of `gla merge-cache`. */
export interface MergeCacheCommandOptions {
  /** Cache root receiving the joined feature sets (`<out>/features/<key>/`). */
  out: string;
}

/**
 * Runs `gla merge-cache <dirs...> --out <dir>`: joins the feature shards written by `gla run --shard i/n` on
 * several machines, after checking that they belong together (same feature set, every shard once, no gap).
 */
export async function mergeCacheCommand(
  dirs: string[],
  options: MergeCacheCommandOptions,
  log: (line: string) => void,
): Promise<MergedFeatureSet[]> {
  if (dirs.length === 0) throw new CliError('gla merge-cache: give the cache folders that hold the shards');
  checkOutputFolder(options.out);
  try {
    const merged = await mergeFeatureShards(dirs, options.out, log);
    log(`merged ${merged.length} feature set(s) into ${options.out}`);
    return merged;
  } catch (error) {
    if (isUserError(error)) throw new CliError(error.message);
    throw error;
  }
}
