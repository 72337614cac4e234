import { interpolateHeads, linearLogits, type LinearHead, type Matrix } from '@gla/core';
import type { SimulatedFewShot, SimulatedSplit, SimulatedWorld } from '@gla/datasets';
import { PipelineError } from '../../engine/pipeline-error.js';
import { stage, type StageNode } from '../../engine/stage-node.js';
import { headStore, jsonStore, matrixStore } from '../../engine/stage-store.js';
import type { StageRegistry } from '../../engine/stage-registry.js';
import { INLINE_TASKS } from '../../engine/task-pool.js';
import { cacheEntryChecks } from '../stages/cache-entry-checks.js';
import type { LogitsSources, UnitRef } from './logits-sources.js';

/** Which split layout of the simulated world the experiment reads: its kind. */
export type SimulatedLayout = 'many-shot' | 'few-shot' | 'long-tail';

/**
 * The simulated foundation world as a third data source of the paper pipelines (beside `.npy` logits and images
 * through ONNX models): labels and logits per split role, the zero-shot model being the world's trained head and
 * the fine-tuned model a head fine-tuned from it on the unit's train split (a cached stage), WiSE-FT the heads
 * interpolated at alpha. Roles: many-shot `heldout` (the balanced val split, where q is fitted), `val` (the test
 * split, scored) and each shifted domain by name; few-shot (per `shots` and `seed`) and long-tail `train`, `val`,
 * `test`. It also knows the true pre-training prior, for the "GLA (true pre-training
 * prior)" row.
 * @param world builds the world when a stage first needs it (deterministic in `worldKey`, which keys every stage)
 * @param kind the experiment's kind, which says which splits its roles name
 */
export function simulatedSources(
  world: () => SimulatedWorld,
  worldKey: unknown,
  registry: StageRegistry,
  kind: SimulatedLayout,
): LogitsSources & { truePrior(): StageNode<Float64Array> } {
  const layout = (_unit: UnitRef): SimulatedLayout => kind;
  const unitId = (unit: UnitRef) =>
    layout(unit) === 'few-shot' ? `few-shot/k${unit.shots}-s${unit.seed}` : layout(unit);
  // A k-shot set is drawn anew on every call (its train and val features): draw each once per run.
  const fewShots = new Map<string, SimulatedFewShot>();
  const fewShot = (shots: number, seed: number): SimulatedFewShot => {
    let fs = fewShots.get(`${shots}/${seed}`);
    if (!fs) {
      fs = world().fewShot(shots, seed);
      fewShots.set(`${shots}/${seed}`, fs);
    }
    return fs;
  };
  const split = (role: string, unit: UnitRef): SimulatedSplit => {
    const w = world();
    const l = layout(unit);
    if (l === 'few-shot') {
      if (role === 'test') return w.test;
      const fs = fewShot(unit.shots as number, unit.seed as number);
      if (role === 'train' || role === 'val') return fs[role];
    } else if (l === 'long-tail') {
      if (role === 'train' || role === 'val' || role === 'test') return w.longTail[role];
    } else {
      if (role === 'heldout') return w.val;
      if (role === 'val') return w.test;
      const shifted = w.shifted.find((s) => s.domain === role);
      if (shifted) return shifted;
    }
    throw new PipelineError(`simulated world: no '${role}' split in the ${l} layout`);
  };
  // Where a split does not depend on the unit (the few-shot test split), its zero-shot logits and labels are one
  // stage shared by every unit.
  const splitId = (role: string, unit: UnitRef) =>
    layout(unit) === 'few-shot' && role === 'test' ? 'few-shot/test' : `${unitId(unit)}/${role}`;
  const trainSplit = (unit: UnitRef): SimulatedSplit =>
    layout(unit) === 'many-shot' ? world().train : split('train', unit);
  const fineTunedHead = (unit: UnitRef) =>
    registry.once(`simulated/${unitId(unit)}/fine-tuned-head`, (id) =>
      stage<LinearHead>({
        id,
        kind: 'linear-head',
        label: `head fine-tuned from the zero-shot head on the simulated ${unitId(unit)} train split`,
        deps: [],
        files: [],
        params: { world: worldKey, unit: unitId(unit) },
        store: headStore,
        // Seconds of L-BFGS: a worker thread trains it beside other stages.
        compute: async (_inputs, ctx) =>
          (ctx.tasks ?? INLINE_TASKS).run('fine-tune-head', { init: world().zeroShotHead, split: trainSplit(unit) }),
      }),
    );
  const logits = (
    role: string,
    unit: UnitRef,
    model: string,
    head: (deps: readonly unknown[]) => LinearHead,
    deps: StageNode[],
  ): StageNode<Matrix> => {
    // Zero-shot logits depend on the split only; the others on the unit's fine-tuned head too.
    const at = model === 'zero-shot' ? splitId(role, unit) : `${unitId(unit)}/${role}`;
    return registry.once(`simulated/${at}/${model}`, (id) =>
      stage<Matrix>({
        id,
        kind: 'logits',
        label: `${model} logits of the simulated ${at.replace('/', ' ')} split`,
        deps,
        files: [],
        params: { world: worldKey, split: at, model },
        store: matrixStore,
        compute: async (values) => linearLogits(split(role, unit).features, head(values)),
      }),
    );
  };
  return {
    labels: (role, unit) =>
      registry.once(`simulated/${splitId(role, unit)}/labels`, (id) =>
        stage<Int32Array>({
          id,
          kind: 'labels',
          label: `labels of the simulated ${splitId(role, unit).replace('/', ' ')} split`,
          deps: [],
          files: [],
          params: { world: worldKey, split: splitId(role, unit) },
          // Stored, not recomputed: reading them must not build the world (seconds) when every stage is cached.
          store: jsonStore(cacheEntryChecks.labels),
          compute: async () => split(role, unit).labels,
        }),
      ),
    classIndices: () => undefined,
    zeroShot: (role, unit) => logits(role, unit, 'zero-shot', () => world().zeroShotHead, []),
    fineTuned: (role, unit) => logits(role, unit, 'fine-tuned', ([h]) => h as LinearHead, [fineTunedHead(unit)]),
    wiseFt: (role, unit, alpha) =>
      logits(role, unit, `wise-ft-${alpha}`, ([h]) => interpolateHeads(world().zeroShotHead, h as LinearHead, alpha), [
        fineTunedHead(unit),
      ]),
    truePrior: () =>
      registry.once('simulated/true-prior', (id) =>
        stage<Float64Array>({
          id,
          kind: 'prior',
          label: 'the true pre-training prior of the simulated world',
          deps: [],
          files: [],
          params: { world: worldKey },
          store: jsonStore(cacheEntryChecks.probabilities),
          compute: async () => world().pretrainingPrior,
        }),
      ),
  };
}
