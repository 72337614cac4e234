import { matrix, type Matrix } from '@gla/core';
import { type StageFeatures, openFeatureRows } from './stage-features.js';
import { PipelineError } from '../../engine/pipeline-error.js';
import type { SampleList } from './sample-list.js';
import { stage, type StageNode } from '../../engine/stage-node.js';
import { memoryStore } from '../../engine/stage-store.js';

/**
 * The rows of a matrix computed on a pool of samples that belong to a subset, in the subset's order (few-shot:
 * features are extracted once on the union of every k-shot set, then each set takes its rows).
 */
export function subsetRowsStage(
  id: string,
  pool: StageNode<SampleList>,
  values: StageNode<StageFeatures>,
  subset: StageNode<SampleList>,
): StageNode<Matrix> {
  return stage({
    id,
    kind: 'logits',
    label: `rows of ${subset.id} in ${values.id}`,
    deps: [pool, values, subset],
    files: [],
    params: { subset: true },
    store: memoryStore,
    compute: async ([p, m, s]) => {
      const poolList = p as SampleList;
      const full = m as StageFeatures;
      const part = s as SampleList;
      if (full.rows !== poolList.samples.length)
        throw new PipelineError(`${values.id}: ${full.rows} rows for ${poolList.samples.length} pool samples`);
      const row = new Map(poolList.samples.map((x, i) => [x.id, i]));
      const indices = part.samples.map((x) => {
        const r = row.get(x.id);
        if (r === undefined) throw new PipelineError(`${subset.id}: sample ${x.id} is not in ${pool.id}`);
        return r;
      });
      // A pool left on disk is read row by row: only the subset's rows are ever in memory.
      const out = new Float32Array(part.samples.length * full.cols);
      const rows = openFeatureRows(full);
      try {
        rows.gatherRows(indices, out);
      } finally {
        rows.close?.();
      }
      return matrix(out, part.samples.length, full.cols);
    },
  });
}
