import { matrix, type Matrix } from '@gla/core';
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
  values: StageNode<Matrix>,
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
      const full = m as Matrix;
      const part = s as SampleList;
      if (full.rows !== poolList.samples.length)
        throw new PipelineError(`${values.id}: ${full.rows} rows for ${poolList.samples.length} pool samples`);
      const row = new Map(poolList.samples.map((x, i) => [x.id, i]));
      const out = new Float32Array(part.samples.length * full.cols);
      part.samples.forEach((x, i) => {
        const r = row.get(x.id);
        if (r === undefined) throw new PipelineError(`${subset.id}: sample ${x.id} is not in ${pool.id}`);
        for (let j = 0; j < full.cols; j++) out[i * full.cols + j] = full.data[r * full.cols + j];
      });
      return matrix(out, part.samples.length, full.cols);
    },
  });
}
