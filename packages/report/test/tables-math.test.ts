import { describe, expect, it } from 'vitest';
import { bestCells, cellDifference, compareWithPaper, toMarkdown, type ResultTable } from '../src/index.js';

const ours: ResultTable = {
  title: 'ImageNet',
  columns: [
    { key: 'method', header: 'Method' },
    { key: 'acc', header: 'Top-1', kind: 'percent' },
  ],
  rows: [
    { method: 'Zero-shot', acc: 0.58 },
    { method: 'GLA', acc: { mean: 0.62, std: 0.001, n: 3 } },
  ],
  notes: ['ours note'],
};
const paper: ResultTable = {
  title: 'Paper',
  columns: [
    { key: 'method', header: 'Method' },
    { key: 'acc', header: 'Top-1', kind: 'percent' },
  ],
  rows: [
    { method: 'GLA', acc: 0.6187 },
    { method: 'Zero-shot', acc: null },
    { method: 'CoOp', acc: 0.6 },
  ],
};

describe('compareWithPaper', () => {
  const side = compareWithPaper(ours, paper);

  it('builds ours / paper / difference columns', () => {
    expect(side.columns.map((c) => c.key)).toEqual(['method', 'acc_ours', 'acc_paper', 'acc_diff']);
    expect(side.columns.map((c) => c.header)).toEqual(['Method', 'Top-1 (ours)', 'Top-1 (paper)', 'Top-1 Δ']);
    expect(side.title).toBe('ImageNet — ours vs. paper');
  });

  it('subtracts the paper value from our mean, n/a when the paper is unknown', () => {
    const gla = side.rows.find((r) => r.method === 'GLA');
    expect(gla?.acc_diff as number).toBeCloseTo(0.62 - 0.6187, 12);
    expect(side.rows.find((r) => r.method === 'Zero-shot')?.acc_diff).toBeNull();
  });

  it('keeps paper-only rows with our value unknown', () => {
    expect(side.rows.map((r) => r.method)).toEqual(['Zero-shot', 'GLA', 'CoOp']);
    expect(side.rows[2]).toEqual({ method: 'CoOp', acc_ours: null, acc_paper: 0.6, acc_diff: null });
  });

  it('prints signed percentage-point differences and n/a', () => {
    const md = toMarkdown(side);
    expect(md).toContain('| Zero-shot |        58.00 |           n/a |     n/a |');
    expect(md).toContain('| GLA       | 62.00 ± 0.10 |         61.87 |   +0.13 |');
    expect(md).toContain('| CoOp      |          n/a |         60.00 |     n/a |');
    expect(md).toContain('- ours note');
    expect(md).toContain('- Δ = ours − paper (percentage points for accuracies); n/a where either value is unknown.');
  });

  it('rejects duplicate row keys and unknown row key columns', () => {
    expect(() => compareWithPaper(ours, { ...paper, rows: [{ method: 'GLA' }, { method: 'GLA' }] })).toThrow(
      /more than one row has the row key "GLA"/,
    );
    expect(() => compareWithPaper(ours, paper, { rowKey: 'nope' })).toThrow(/does not exist/);
  });

  it('cellDifference ignores text and unknown cells', () => {
    expect(cellDifference(0.5, 0.25)).toBe(0.25);
    expect(cellDifference('x', 0.25)).toBeNull();
    expect(cellDifference(0.5, null)).toBeNull();
    expect(cellDifference({ mean: 0.5, std: 0.1, n: 3 }, { mean: 0.4, std: 0, n: 1 })).toBeCloseTo(0.1, 12);
  });
});

describe('bestCells', () => {
  it('picks max for percent, min when asked, and all ties at printed precision', () => {
    const t: ResultTable = {
      title: 't',
      columns: [
        { key: 'a', header: 'A', kind: 'percent' },
        { key: 'err', header: 'Err', kind: 'number', best: 'min' },
        { key: 'n', header: 'N', kind: 'number' },
      ],
      rows: [
        { a: 0.61874, err: 0.3, n: 1 },
        { a: 0.61871, err: 0.1, n: 9 },
        { a: null, err: 0.2, n: 5 },
      ],
    };
    const best = bestCells(t);
    expect([...(best.get('a') ?? [])]).toEqual([0, 1]);
    expect([...(best.get('err') ?? [])]).toEqual([1]);
    expect(best.has('n')).toBe(false);
  });

  it('never marks an unranked (oracle) row best, and ranks the others without it', () => {
    const t: ResultTable = {
      title: 't',
      columns: [
        { key: 'method', header: 'Method', kind: 'text' },
        { key: 'top1', header: 'Top-1', kind: 'percent' },
        { key: 'ece', header: 'ECE', kind: 'percent', best: 'min' },
      ],
      rows: [
        { method: 'GLA', top1: 0.8, ece: 0.05 },
        { method: 'WiSE-FT', top1: 0.79, ece: 0.02 },
        { method: 'GLA (true prior)', top1: 0.85, ece: 0.01 },
      ],
      unrankedRows: [2],
    };
    const best = bestCells(t);
    expect([...(best.get('top1') ?? [])]).toEqual([0]);
    expect([...(best.get('ece') ?? [])]).toEqual([1]);
    expect(toMarkdown(t, { boldBest: true, headingLevel: 0, pad: false })).toContain(
      '| GLA (true prior) | 85.00 | 1.00 |',
    );
  });
});
