import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { type FewShotSplits, coopFewShotFileName, readCoopFewShotFile } from './coop-fewshot-file.js';
import type { CoopSplits } from './coop-split.js';
import { type ShortClass, sampleFewShotSplits } from './few-shot-sampler.js';

/** Options of {@link loadFewShotSplits}. */
export interface LoadFewShotOptions {
  /** The dataset's full CoOp split. */
  readonly splits: CoopSplits;
  /** The user's image root (the folder the split's relative paths start from). */
  readonly imageRoot: string;
  readonly shots: number;
  readonly seed: number;
  /** Folder of published `shot_<k>-seed_<s>.json` files; when it has the file, the file is used. */
  readonly fewShotDir?: string;
  /** Val samples per class when sampling (default min(shots, 4), CoOp's rule). */
  readonly valShots?: number;
}

/**
 * The k-shot train and val subsets for one (k, seed): the published index file when `fewShotDir` has it
 * (checked against the full split), otherwise our seeded sampler. `origin` tells which was used and `short`
 * lists classes that had fewer than k samples (sampler only).
 */
export async function loadFewShotSplits(
  options: LoadFewShotOptions,
): Promise<FewShotSplits & { readonly short: readonly ShortClass[] }> {
  if (options.fewShotDir !== undefined) {
    const file = join(options.fewShotDir, coopFewShotFileName(options.shots, options.seed));
    const present = await access(file).then(
      () => true,
      () => false,
    );
    if (present) {
      const loaded = await readCoopFewShotFile(file, {
        imageRoot: options.imageRoot,
        reference: options.splits,
        shots: options.shots,
        seed: options.seed,
      });
      return { ...loaded, short: [] };
    }
  }
  return sampleFewShotSplits(options.splits, options.shots, options.seed, options.valShots);
}
