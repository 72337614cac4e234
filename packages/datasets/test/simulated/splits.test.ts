import { classCounts, createRandom, imbalanceRatio } from '@gla/core';
import { describe, expect, it } from 'vitest';
import {
  concatSplits,
  createSimulatedWorld,
  longTailCounts,
  resolveSimulatedConfig,
  SIMULATED_PRESETS,
  zipfPrior,
} from '../../src/simulated/index.js';
import { TINY_WORLD } from './tiny-world.js';

describe('simulated few-shot splits', () => {
  const world = createSimulatedWorld({ ...TINY_WORLD, seed: 1 });

  it('have exactly k per class in train and in val, for the paper shots and seeds', () => {
    for (const k of [1, 2, 4, 8, 16]) {
      for (const seed of [1, 2, 3]) {
        const { train, val, shots } = world.fewShot(k, seed);
        expect(shots).toBe(k);
        expect(Array.from(classCounts(train.labels, 10))).toEqual(new Array(10).fill(k));
        expect(Array.from(classCounts(val.labels, 10))).toEqual(new Array(10).fill(k));
        expect(train.features.rows).toBe(10 * k);
        expect(train.domain).toBe('downstream');
        expect(train.features.data).not.toEqual(val.features.data);
      }
    }
  });

  it('differ across seeds and repeat for the same seed', () => {
    const a = world.fewShot(4, 1).train.features.data;
    expect(world.fewShot(4, 2).train.features.data).not.toEqual(a);
    expect(world.fewShot(4, 3).train.features.data).not.toEqual(a);
    expect(world.fewShot(4, 1).train.features.data).toEqual(a);
  });

  it('reject a non-integer or non-positive k', () => {
    expect(() => world.fewShot(0, 1)).toThrow(RangeError);
    expect(() => world.fewShot(1.5, 1)).toThrow(RangeError);
    expect(() => world.fewShot(2, 0.5)).toThrow(RangeError);
  });

  it('concatenate into the 2k-per-class estimation set of GLA', () => {
    const { train, val } = world.fewShot(2, 1);
    const both = concatSplits(train, val);
    expect(both.features.rows).toBe(40);
    expect(Array.from(classCounts(both.labels, 10))).toEqual(new Array(10).fill(4));
    expect(both.features.data.subarray(20 * 8)).toEqual(val.features.data);
  });
});

describe('simulated long-tail split', () => {
  it('has the default profile: 200 images for the head class down to 2, imbalance 100', () => {
    const counts = longTailCounts(100, 200, 100, createRandom(9));
    expect(Math.max(...counts)).toBe(200);
    expect(Math.min(...counts)).toBe(2);
    expect(imbalanceRatio(counts)).toBe(100);
    // Exponential profile 200 * 100^(-r/99): many-shot (> 100) ranks 0-14, few-shot (< 20) ranks 51-99.
    expect(counts.filter((c) => c > 100).length).toBe(15);
    expect(counts.filter((c) => c < 20).length).toBe(49);
    expect(counts.reduce((s, c) => s + c, 0)).toBe(4357);
  });

  it('draws exactly the stated counts, with balanced val and test', () => {
    const world = createSimulatedWorld({ ...TINY_WORLD, seed: 2 });
    const { train, counts, val, test } = world.longTail;
    expect(Array.from(classCounts(train.labels, 10))).toEqual(Array.from(counts));
    expect(Math.max(...counts)).toBe(20);
    expect(Math.min(...counts)).toBe(2);
    expect(Array.from(classCounts(val.labels, 10))).toEqual(new Array(10).fill(5));
    expect(test).toBe(world.test);
  });
});

describe('simulated pre-training prior', () => {
  it('is Zipf-like with the stated imbalance, in a random class order', () => {
    const prior = zipfPrior(100, 100, createRandom(1));
    expect(prior.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    expect(imbalanceRatio(prior)).toBeCloseTo(100, 9);
    // Not sorted by class index.
    let descending = 0;
    for (let j = 1; j < 100; j++) if (prior[j] < prior[j - 1]) descending++;
    expect(descending).toBeGreaterThan(20);
    expect(descending).toBeLessThan(80);
  });

  it('is what the pre-training labels were drawn with', () => {
    const world = createSimulatedWorld({ ...TINY_WORLD, pretrainingSamples: 20_000, seed: 4 });
    const counts = classCounts(world.pretraining.labels, 10);
    for (let j = 0; j < 10; j++) {
      const p = world.pretrainingPrior[j];
      // Binomial standard error, 4 sigma.
      expect(Math.abs(counts[j] / 20_000 - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / 20_000));
    }
  });
});

describe('simulated world config', () => {
  it('fills in the documented defaults', () => {
    const c = resolveSimulatedConfig();
    expect(c).toMatchObject({
      classes: 100,
      dims: 32,
      coreDims: 16,
      seed: 0,
      pretrainingImbalance: 100,
      pretrainingSamples: 20_000,
      shiftedDomains: 2,
    });
    expect(c.longTailMaxCount / c.longTailImbalance).toBe(2);
  });

  it('ships a default and an ImageNet-sized preset, both named simulated-*', () => {
    expect(resolveSimulatedConfig(SIMULATED_PRESETS['imagenet-sized']).classes).toBe(1000);
    for (const preset of Object.values(SIMULATED_PRESETS)) expect(preset.name).toMatch(/^simulated-/);
  });

  it('rejects impossible settings', () => {
    expect(() => resolveSimulatedConfig({ classes: 1 })).toThrow(RangeError);
    expect(() => resolveSimulatedConfig({ dims: 8, coreDims: 9 })).toThrow(RangeError);
    expect(() => resolveSimulatedConfig({ classSeparation: -1 })).toThrow(RangeError);
    expect(() => resolveSimulatedConfig({ trainPerClass: 2.5 })).toThrow(RangeError);
    expect(() => resolveSimulatedConfig({ pretrainingImbalance: 0.5 })).toThrow(RangeError);
    expect(() => createSimulatedWorld('no-such-preset' as 'default')).toThrow(RangeError);
  });
});
