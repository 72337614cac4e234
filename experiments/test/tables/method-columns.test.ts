import { describe, expect, it } from 'vitest';
import { oracleRows } from '../../src/tables/method-columns.js';

describe('oracleRows', () => {
  it('lists the rows that remove the true pre-training prior, and only those', () => {
    expect(oracleRows(['zero-shot', 'gla', 'gla-true-prior', 'gla-authors', 'gla-true-prior'])).toEqual([2, 4]);
    expect(oracleRows(['zero-shot', 'fine-tuned', 'debiased-zero-shot'])).toEqual([]);
  });
});
