import { ConfigError } from '../config-error.js';
import type { Shard } from './stage-context.js';

/**
 * Parses `--shard i/n` (1-based: `1/4` .. `4/4`).
 * @throws ConfigError for anything else.
 */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count)
    throw new ConfigError(`--shard: expected i/n with 1 <= i <= n (e.g. 2/4), got '${text}'`);
  return { index, count };
}

/** The sample index range [start, end) of shard `index` of `count` over `total` samples (contiguous, sizes differ by at most 1). */
export function shardRange(total: number, shard: Shard): [number, number] {
  const start = Math.floor(((shard.index - 1) * total) / shard.count);
  const end = Math.floor((shard.index * total) / shard.count);
  return [start, end];
}
