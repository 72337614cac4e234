import type { StageNode } from '../../engine/stage-node.js';
import type { StageRunner } from '../../engine/stage-runner.js';

/** A built experiment: the stages whose values make the results, and how they become the metrics JSON. */
export interface PaperPipeline<M = unknown> {
  /** Evaluation stages; running them runs everything upstream. */
  targets: StageNode[];
  /** Runs (or loads) the targets and assembles the metrics. */
  collect(runner: StageRunner): Promise<M>;
}
