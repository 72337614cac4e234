import { describe, expect, it } from 'vitest';
import { estimateLabelWidthPx, legendColumns } from '../src/index.js';

describe('legend layout', () => {
  it('measures text as headless vega does: floor(0.8 x size x length)', () => {
    expect(estimateLabelWidthPx('abc', 10)).toBe(24);
    expect(estimateLabelWidthPx('Zero-shot')).toBe(79); // 0.8 * 11 * 9 = 79.2
  });

  it('uses the most columns whose widest entries fit 1.15 x the width', () => {
    // At 10 px: 'aaaaaaaaaa' 80 + 33 = 113 px, 'a' 8 + 33 = 41 px.
    const labels = ['aaaaaaaaaa', 'a', 'a', 'a'];
    // 4 columns: 113 + 41 + 41 + 41 = 236; 2 columns (row by row): max(113, 41) + 41 = 154.
    expect(legendColumns(labels, 236 / 1.15, 10)).toBe(4);
    expect(legendColumns(labels, 235 / 1.15, 10)).toBe(3); // 113 + 41 + 41 = 195
    expect(legendColumns(labels, 150 / 1.15, 10)).toBe(1);
    expect(legendColumns([], 100)).toBe(1);
  });
});
