import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mergeOnnxWeights } from '@gla/models';
import { writeFileAtomic } from '@gla/core';
import type { ResolvedImageModel } from './model-stages.js';
import { stage, type StageNode } from '../../engine/stage-node.js';
import { externalStore } from '../../engine/stage-store.js';

/**
 * WiSE-FT in weight space: the ONNX weights `(1 - alpha) * zero-shot classifier + alpha * fine-tuned classifier`
 * (same graph), written once under `cache/models/<key>.onnx` with a `.json` describing it.
 */
export function mergedModelStage(
  id: string,
  zeroShot: StageNode<ResolvedImageModel>,
  fineTuned: StageNode<ResolvedImageModel>,
  alpha: number,
): StageNode<ResolvedImageModel> {
  const described = (location: string) => `${location}.json`;
  return stage({
    id,
    kind: 'merged-model',
    label: `WiSE-FT weights at alpha ${alpha} (${zeroShot.id} + ${fineTuned.id})`,
    deps: [zeroShot, fineTuned],
    files: [],
    params: { alpha },
    store: externalStore<ResolvedImageModel>({
      location: (cacheDir, key) => join(cacheDir, 'models', `${key}.onnx`),
      has: (location) =>
        access(described(location)).then(
          () => true,
          () => false,
        ),
      load: async (location) => JSON.parse(await readFile(described(location), 'utf8')) as ResolvedImageModel,
    }),
    compute: async ([zs, ft], ctx, { location }) => {
      const first = zs as ResolvedImageModel;
      const second = ft as ResolvedImageModel;
      ctx.log(`merging ${first.onnx} and ${second.onnx} at alpha ${alpha}`);
      const report = await mergeOnnxWeights({ first: first.onnx, second: second.onnx, output: location!, alpha });
      const files = report.externalData ? [location!, report.externalData] : [location!];
      const model: ResolvedImageModel = {
        ...second,
        what: `WiSE-FT alpha ${alpha}`,
        onnx: location!,
        files,
        hashes: [],
      };
      await writeFileAtomic(described(location!), `${JSON.stringify(model, null, 2)}\n`);
      return model;
    },
  });
}
