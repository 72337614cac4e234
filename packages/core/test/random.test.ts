import { describe, expect, it } from 'vitest';
import { createRandom, meanStd, permutation, sampleCategorical } from '../src/index.js';

describe('seeded random numbers', () => {
  it('the same seed gives the same stream, another seed another', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
    expect(sa.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('normals have mean 0 and standard deviation 1', () => {
    const r = createRandom(1);
    const { mean, std } = meanStd(Array.from({ length: 50_000 }, () => r.normal()));
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(std - 1)).toBeLessThan(0.02);
  });

  it('permutations contain every index once', () => {
    const p = permutation(100, createRandom(3));
    expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('categorical sampling follows the weights', () => {
    const draws = sampleCategorical([1, 3], 40_000, createRandom(5));
    const ones = draws.reduce((s, v) => s + v, 0);
    expect(Math.abs(ones / 40_000 - 0.75)).toBeLessThan(0.01);
  });
});
