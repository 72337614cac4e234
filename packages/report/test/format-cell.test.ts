import { describe, expect, it } from 'vitest';
import { escapeLatex, formatCell, formatNumber, resolveColumns, validateResultTable } from '../src/index.js';

const percent = { kind: 'percent', digits: undefined, signed: false } as const;
const number = { kind: 'number', digits: undefined, signed: false } as const;

describe('formatCell', () => {
  it('prints unknown values as n/a in every target, never blank or 0', () => {
    for (const target of ['markdown', 'latex', 'html', 'plain'] as const)
      expect(formatCell(null, percent, target)).toBe('n/a');
  });

  it('shows fractions as percentages with 2 decimals by default', () => {
    expect(formatCell(0.61874, percent)).toBe('61.87');
    expect(formatCell(1, percent)).toBe('100.00');
    expect(formatCell(0.5, { ...percent, digits: 1 })).toBe('50.0');
  });

  it('formats mean ± std per target and never signs the std', () => {
    const cell = { mean: 0.6187, std: 0.0016, n: 3 };
    expect(formatCell(cell, percent, 'markdown')).toBe('61.87 ± 0.16');
    expect(formatCell(cell, percent, 'latex')).toBe('61.87{\\scriptsize\\,$\\pm$\\,0.16}');
    expect(formatCell({ mean: -0.012, std: 0.003, n: 3 }, percent, 'latex')).toBe(
      '$-$1.20{\\scriptsize\\,$\\pm$\\,0.30}',
    );
    expect(formatCell(-0.0087, percent, 'latex')).toBe('$-$0.87');
    expect(formatCell(cell, { ...percent, signed: true })).toBe('+61.87 ± 0.16');
    expect(formatCell({ mean: 3, std: 1, n: 2 }, number)).toBe('3 ± 1');
    expect(formatCell({ mean: 3, std: 0.5, n: 2 }, number)).toBe('3.000 ± 0.500');
  });

  it('prints integers plainly and other numbers with 3 decimals for kind number', () => {
    expect(formatNumber(16, number)).toBe('16');
    expect(formatNumber(0.1234567, number)).toBe('0.123');
    expect(formatNumber(2, { ...number, digits: 2 })).toBe('2.00');
  });

  it('signs differences, drops the sign of zero and shows non-finite values', () => {
    const diff = { ...percent, signed: true };
    expect(formatNumber(0.0013, diff)).toBe('+0.13');
    expect(formatNumber(-0.0013, diff)).toBe('-0.13');
    expect(formatNumber(0.00001, diff)).toBe('0.00');
    expect(formatNumber(-0.00001, diff)).toBe('0.00');
    expect(formatNumber(Number.NaN, diff)).toBe('NaN');
    expect(formatNumber(-Infinity, diff)).toBe('-Inf');
  });

  it('escapes strings for each target', () => {
    expect(formatCell('a|b', percent, 'markdown')).toBe('a\\|b');
    expect(formatCell('<a & "b">', percent, 'html')).toBe('&lt;a &amp; &quot;b&quot;&gt;');
    expect(formatCell('50%', percent, 'latex')).toBe('50\\%');
  });
});

describe('escapeLatex', () => {
  it('escapes all ten specials in one pass', () => {
    expect(escapeLatex('a_b%c&d#e$f{g}h~i^j\\k')).toBe(
      'a\\_b\\%c\\&d\\#e\\$f\\{g\\}h\\textasciitilde{}i\\textasciicircum{}j\\textbackslash{}k',
    );
  });

  it('maps common symbols to commands pdflatex understands', () => {
    expect(escapeLatex('Δ ± α − x')).toBe('$\\Delta$ $\\pm$ $\\alpha$ $-$ x');
  });
});

describe('validateResultTable / resolveColumns', () => {
  it('infers text and number kinds and defaults best to max for percent', () => {
    const cols = resolveColumns({
      title: 't',
      columns: [
        { key: 'm', header: 'M' },
        { key: 'k', header: 'K' },
        { key: 'a', header: 'A', kind: 'percent' },
      ],
      rows: [{ m: 'x', k: 3, a: 0.5 }],
    });
    expect(cols.map((c) => [c.kind, c.best])).toEqual([
      ['text', 'none'],
      ['number', 'none'],
      ['percent', 'max'],
    ]);
  });

  it('rejects duplicate keys, unknown row keys, bad cells and bad groupBy', () => {
    const base = { title: 'T', columns: [{ key: 'a', header: 'A' }], rows: [] as Record<string, never>[] };
    expect(() => validateResultTable({ ...base, columns: [...base.columns, { key: 'a', header: 'B' }] })).toThrow(
      /used more than once/,
    );
    expect(() => validateResultTable({ ...base, rows: [{ b: 1 } as never] })).toThrow(/"b", which is not a column/);
    expect(() => validateResultTable({ ...base, rows: [{ a: { mean: 1 } } as never] })).toThrow(/must be a number/);
    expect(() => validateResultTable({ ...base, groupBy: 'z' })).toThrow(/groupBy "z"/);
    expect(() => validateResultTable({ ...base, columns: [{ key: 'a', header: 'A', digits: -1 }] })).toThrow(/digits/);
  });
});
