import { describe, expect, it } from 'vitest';
import { createSimulatedWorld, subSeed, type SimulatedSplit, type SimulatedWorld } from '../../src/simulated/index.js';
import { TINY_WORLD } from './tiny-world.js';

function expectSameSplit(a: SimulatedSplit, b: SimulatedSplit): void {
  expect(a.labels).toEqual(b.labels);
  expect(a.features.data).toEqual(b.features.data);
}

function everyArray(world: SimulatedWorld): ArrayLike<number>[] {
  const fewShot = world.fewShot(4, 2);
  const splits = [
    world.pretraining,
    world.train,
    world.val,
    world.test,
    ...world.shifted,
    world.longTail.train,
    fewShot.train,
    fewShot.val,
  ];
  return [
    world.pretrainingPrior,
    world.zeroShotHead.weights.data,
    world.zeroShotHead.bias,
    world.longTail.counts,
    ...splits.flatMap((s) => [s.features.data, s.labels]),
  ];
}

describe('simulated world determinism', () => {
  it('gives identical arrays for the same seed', () => {
    const a = everyArray(createSimulatedWorld({ ...TINY_WORLD, seed: 3 }));
    const b = everyArray(createSimulatedWorld({ ...TINY_WORLD, seed: 3 }));
    expect(a.length).toBe(b.length);
    for (let i = 0; i < a.length; i++) expect(a[i]).toEqual(b[i]);
  });

  it('gives different features, prior and head for a different seed', () => {
    const a = createSimulatedWorld({ ...TINY_WORLD, seed: 3 });
    const b = createSimulatedWorld({ ...TINY_WORLD, seed: 4 });
    expect(a.pretrainingPrior).not.toEqual(b.pretrainingPrior);
    expect(a.zeroShotHead.bias).not.toEqual(b.zeroShotHead.bias);
    for (const key of ['pretraining', 'train', 'val', 'test'] as const)
      expect(a[key].features.data).not.toEqual(b[key].features.data);
    expect(a.fewShot(2, 1).train.features.data).not.toEqual(b.fewShot(2, 1).train.features.data);
  });

  it('draws each split from its own stream: resizing or adding a split changes no other', () => {
    const base = createSimulatedWorld({ ...TINY_WORLD, seed: 5 });
    const more = createSimulatedWorld({ ...TINY_WORLD, seed: 5, testPerClass: 7, shiftedDomains: 3 });
    expectSameSplit(base.pretraining, more.pretraining);
    expectSameSplit(base.train, more.train);
    expectSameSplit(base.val, more.val);
    expectSameSplit(base.longTail.train, more.longTail.train);
    expectSameSplit(base.fewShot(2, 1).train, more.fewShot(2, 1).train);
    expect(base.zeroShotHead.weights.data).toEqual(more.zeroShotHead.weights.data);
    expect(more.shifted.map((s) => s.domain)).toEqual(['shift-a', 'shift-b', 'shift-c']);
    expect(more.test.labels.length).toBe(7 * 10);
  });

  it('derives unrelated sub-seeds from nearby seeds and names', () => {
    const seeds = new Set<number>();
    for (let seed = 0; seed < 20; seed++)
      for (const name of ['split/train', 'split/test', 'split/tesu']) seeds.add(subSeed(seed, name));
    expect(seeds.size).toBe(60);
    expect(subSeed(1, 'x')).toBe(subSeed(1, 'x'));
    expect(subSeed(-1, 'x')).toBe(subSeed(0xffffffff, 'x'));
  });
});
