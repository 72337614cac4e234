import { PipelineError } from '../../engine/pipeline-error.js';

/** Feature files larger than this many bytes are streamed by default: 1 GiB. */
export const DEFAULT_FEATURE_STREAM_BYTES = 2 ** 30;

/** The environment variable that overrides {@link DEFAULT_FEATURE_STREAM_BYTES} (tests force streaming with 0). */
export const FEATURE_STREAM_VARIABLE = 'GLA_FEATURE_STREAM_BYTES';

/**
 * Size in bytes above which a cached feature file is read block by block (linear-head training, logits)
 * instead of loaded whole: `GLA_FEATURE_STREAM_BYTES` when set (a non-negative integer; 0 streams every file),
 * else 1 GiB. Streaming changes memory, not results.
 * @throws PipelineError naming the variable when it is not a non-negative integer
 */
export function featureStreamThreshold(env: NodeJS.ProcessEnv = process.env): number {
  const text = env[FEATURE_STREAM_VARIABLE];
  if (text === undefined || text === '') return DEFAULT_FEATURE_STREAM_BYTES;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value))
    throw new PipelineError(`${FEATURE_STREAM_VARIABLE}=${text}: expected a number of bytes (a non-negative integer)`);
  return value;
}
