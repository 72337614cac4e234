import type { SimulatedWorldConfig } from '../../src/simulated/index.js';

/** A world small enough to build in milliseconds, for tests of structure rather than of accuracy. */
export const TINY_WORLD: SimulatedWorldConfig = {
  name: 'simulated-tiny',
  classes: 10,
  dims: 8,
  pretrainingSamples: 2000,
  trainPerClass: 10,
  valPerClass: 5,
  testPerClass: 5,
  longTailMaxCount: 20,
  longTailImbalance: 10,
};
