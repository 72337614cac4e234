import { describe, expect, it } from 'vitest';
import { escapeLatex } from '../src/index.js';

// Expected strings are written by hand from the LaTeX commands each symbol needs.
describe('escapeLatex: pure-ASCII output pdflatex compiles without extra packages', () => {
  it('escapes the characters the OT1 fonts misprint', () => {
    expect(escapeLatex('many (> 100), few (< 20) | all')).toBe(
      'many (\\textgreater{} 100), few (\\textless{} 20) \\textbar{} all',
    );
  });

  it('writes Greek letters and symbols in math mode, one $...$ per run', () => {
    expect(escapeLatex('log π')).toBe('log $\\pi$');
    expect(escapeLatex('KL(true ‖ q)')).toBe('KL(true $\\|$ q)');
    expect(escapeLatex('Σ Ω Α')).toBe('$\\Sigma$ $\\Omega$ $A$');
    expect(escapeLatex('x ≤ 5 → y')).toBe('x $\\leq$ 5 $\\rightarrow$ y');
    expect(escapeLatex('±α')).toBe('$\\pm\\alpha$');
    expect(escapeLatex('πο')).toBe('$\\pi o$');
  });

  it('turns Unicode sub- and superscripts into one _{...} / ^{...} group', () => {
    expect(escapeLatex('log πₚ')).toBe('log $\\pi_{p}$');
    expect(escapeLatex('πᵢⱼ')).toBe('$\\pi_{ij}$');
    expect(escapeLatex('q²')).toBe('q$^{2}$');
  });

  it('writes accented letters as accent commands', () => {
    expect(escapeLatex('crème brûlée, façade, naïve')).toBe('cr\\`{e}me br\\^{u}l\\\'{e}e, fa\\c{c}ade, na\\"{\\i}ve');
    expect(escapeLatex('Straße')).toBe('Stra\\ss{}e');
  });

  it('writes typographic dashes, quotes and spaces as TeX ligatures', () => {
    expect(escapeLatex('a – b — c … “d” ‘e’')).toBe("a -- b --- c \\ldots{} ``d'' `e'");
    expect(escapeLatex('1\u00a0000')).toBe('1~000');
  });

  it('never leaves a non-ASCII character and refuses what it cannot write', () => {
    const text = 'GLA (α = 0.5) — KL(π ‖ q) ± 0.1 × 2 ≈ 3, μ°';
    expect(escapeLatex(text)).toMatch(/^[\x20-\x7e]*$/);
    expect(() => escapeLatex('smile 😀')).toThrow(/U\+1F600/);
  });
});
