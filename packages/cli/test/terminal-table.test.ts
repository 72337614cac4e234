import { describe, expect, it } from 'vitest';
import { terminalTable } from '../src/terminal-table.js';

describe('terminalTable', () => {
  it('aligns text left and numbers right, shows percentages with 2 decimals and n/a for a missing value', () => {
    const lines = terminalTable({
      title: 't',
      columns: [
        { key: 'method', header: 'Method', kind: 'text' },
        { key: 'top1', header: 'Top-1', kind: 'percent' },
      ],
      rows: [
        { method: 'GLA', top1: 0.7588 },
        { method: 'Zero-shot', top1: null },
      ],
      notes: ['a note'],
    });
    expect(lines).toEqual(['Method     Top-1', '---------  -----', 'GLA        75.88', 'Zero-shot    n/a', 'a note']);
  });
});
