import { describe, expect, it } from 'vitest';
import { priorThirds, shotGroups } from '../src/index.js';
import { groupMeanClassAccuracy, pooledGroupAccuracy } from '../src/class-groups.js';

describe('class groups', () => {
  it('thirds by prior are 333 / 333 / 334 on 1000 classes, head = largest prior', () => {
    const prior = Float64Array.from({ length: 1000 }, (_, j) => 1 + ((j * 7919) % 1000));
    const groups = priorThirds(prior);
    const sizes = [0, 0, 0];
    for (const g of groups) sizes[g]++;
    expect(sizes).toEqual([333, 333, 334]);
    const maxClass = prior.indexOf(Math.max(...prior));
    const minClass = prior.indexOf(Math.min(...prior));
    expect(groups[maxClass]).toBe(0);
    expect(groups[minClass]).toBe(2);
  });

  it('breaks ties by class index', () => {
    expect(Array.from(priorThirds([1, 1, 1, 1, 1]))).toEqual([0, 1, 2, 2, 2]);
  });

  it('shot groups follow many > 100, few < 20', () => {
    expect(Array.from(shotGroups([101, 100, 20, 19, 0]))).toEqual([0, 1, 1, 2, 2]);
  });

  it('pooled accuracy weights by samples, mean-per-class by classes', () => {
    const groups = Int8Array.from([0, 0, 1, 2]);
    // class 0: 3 samples all right; class 1: 1 sample wrong.
    const labels = Int32Array.from([0, 0, 0, 1, 2, 3]);
    const pred = Int32Array.from([0, 0, 0, 0, 2, 0]);
    expect(pooledGroupAccuracy(pred, labels, groups)).toEqual([0.75, 1, 0]);
    expect(groupMeanClassAccuracy([1, 0, 1, 0], groups)).toEqual([0.5, 1, 0]);
  });
});
