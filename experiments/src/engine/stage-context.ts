import type { Progress } from '../progress.js';
import type { FileDigests } from './file-digests.js';
import type { TaskPool } from './task-pool.js';

/** Which slice of every feature extraction this machine does (`--shard i/n`, 1-based). */
export interface Shard {
  index: number;
  count: number;
}

/** What stages need from the run: folders, settings, logging and progress. */
export interface StageContext {
  /** Repository root: relative config paths resolve against it. */
  readonly root: string;
  /** Absolute cache root. */
  readonly cacheDir: string;
  readonly log: (line: string) => void;
  readonly progress: (label: string, total: number, unit?: string) => Progress;
  readonly digests: FileDigests;
  readonly shard?: Shard;
  /** Where stages run their heavy steps (prior estimates, head training); default inline on this thread. */
  readonly tasks?: TaskPool;
  /**
   * Jobs of the run: above 1, the runner works on 2 x jobs targets at once and starts a stage's dependencies
   * together; default 1, one after another. Results never depend on it: each stage is the same function of the
   * same inputs.
   */
  readonly jobs?: number;
}
