import { createSimulatedWorld, type SimulatedWorld } from '@gla/datasets';
import type { SimulatedData } from '../config/simulated-data-schema.js';

/**
 * The world a `data.kind: simulated` config names, built once on first use (training its zero-shot head takes
 * seconds, and a run whose stages are all cached never needs it): the preset (`default`: 100 classes, as `pnpm demo`;
 * `imagenet-sized`: 1,000), the config's overrides, then its seed.
 */
export function simulatedWorldOf(data: SimulatedData): () => SimulatedWorld {
  const settings = {
    ...(data.world === 'imagenet-sized'
      ? { classes: 1000, name: 'simulated-imagenet-sized' }
      : { name: 'simulated-default' }),
    ...data.overrides,
    seed: data.seed,
  };
  // The world is a deterministic function of its settings: runs in one process (`gla demo` runs three configs on
  // the same world) share one build instead of training the zero-shot head again.
  const key = JSON.stringify(settings);
  return () => {
    let world = built.get(key);
    if (!world) {
      world = createSimulatedWorld(settings);
      built.set(key, world);
    }
    return world;
  };
}

/** Worlds built in this process, by their settings (a handful at most: one per preset, seed and overrides). */
const built = new Map<string, SimulatedWorld>();
