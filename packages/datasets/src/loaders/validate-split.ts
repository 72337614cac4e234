import { stat } from 'node:fs/promises';
import { messages } from '../messages.js';
import { DatasetError } from './dataset-error.js';
import type { DatasetSplit } from './dataset-split.js';

/**
 * Paths that are not regular files, in input order. Stats run `concurrency` at a time (default 64) so a
 * 1.28M-image ImageNet list is checked in seconds without opening every file at once.
 * @param paths absolute file paths
 * @param concurrency parallel stat calls (default 64)
 */
export async function findMissingFiles(paths: readonly string[], concurrency = 64): Promise<string[]> {
  const missing = new Uint8Array(paths.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const i = next++;
      const ok = await stat(paths[i]).then(
        (s) => s.isFile(),
        () => false,
      );
      if (!ok) missing[i] = 1;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, paths.length)) }, worker));
  return paths.filter((_, i) => missing[i] === 1);
}

/**
 * Checks that every label is an integer in `[0, classNames.length)`.
 * @param split the split to check
 * @param source the file or folder the split came from, for the message
 * @throws DatasetError naming `source`, the first bad label and its sample
 */
export function checkSplitLabels(split: DatasetSplit<{ readonly label: number }>, source: string): void {
  const k = split.classNames.length;
  split.samples.forEach((s, i) => {
    if (!Number.isInteger(s.label) || s.label < 0 || s.label >= k) {
      throw new DatasetError(source, messages.labelOutOfRange(source, i, s.label, k));
    }
  });
}

/** What {@link validateSplit} found: per-class sample counts, in label order. */
export interface SplitSummary {
  readonly samples: number;
  readonly classes: number;
  readonly perClass: Int32Array;
}

/**
 * Validates a split before use: labels in range, the expected number of classes (when given), every
 * class present (unless `allowEmptyClasses`), and every listed file present. Nothing is skipped: a
 * problem is an error whose message lists the first `maxListed` missing paths (default 5) and the count.
 * @param split the split to validate
 * @param source the file or folder it came from, named in messages
 * @param options expectedClasses, allowEmptyClasses (default false), checkFiles (default true), maxListed (default 5)
 * @throws DatasetError on the first problem found
 */
export async function validateSplit(
  split: DatasetSplit,
  source: string,
  options: { expectedClasses?: number; allowEmptyClasses?: boolean; checkFiles?: boolean; maxListed?: number } = {},
): Promise<SplitSummary> {
  const k = split.classNames.length;
  if (options.expectedClasses !== undefined && k !== options.expectedClasses) {
    throw new DatasetError(source, messages.classCountMismatch(source, options.expectedClasses, k));
  }
  checkSplitLabels(split, source);
  const perClass = new Int32Array(k);
  for (const s of split.samples) perClass[s.label]++;
  if (!options.allowEmptyClasses) {
    const empty = perClass.indexOf(0);
    if (empty >= 0)
      throw new DatasetError(source, messages.classWithoutSamples(source, empty, split.classNames[empty]));
  }
  if (options.checkFiles ?? true) {
    const missing = await findMissingFiles(split.samples.map((s) => s.path));
    if (missing.length > 0) {
      const listed = missing.slice(0, options.maxListed ?? 5);
      throw new DatasetError(source, messages.missingFiles(source, missing.length, split.samples.length, listed));
    }
  }
  return { samples: split.samples.length, classes: k, perClass };
}
