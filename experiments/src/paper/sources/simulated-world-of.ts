import { createSimulatedWorld, type SimulatedWorld } from '@gla/datasets';
import type { SimulatedData } from '../config/simulated-data-schema.js';

/**
 * The world a `data.kind: simulated` config names, built once on first use (training its zero-shot head takes
 * seconds, and a run whose stages are all cached never needs it): the preset (`default`: 100 classes, as `pnpm demo`;
 * `imagenet-sized`: 1,000), the config's overrides, then its seed.
 */
export function simulatedWorldOf(data: SimulatedData): () => SimulatedWorld {
  let world: SimulatedWorld | undefined;
  return () => {
    world ??= createSimulatedWorld({
      ...(data.world === 'imagenet-sized'
        ? { classes: 1000, name: 'simulated-imagenet-sized' }
        : { name: 'simulated-default' }),
      ...data.overrides,
      seed: data.seed,
    });
    return world;
  };
}
