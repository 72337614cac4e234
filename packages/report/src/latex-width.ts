/**
 * Advance widths in pt of Computer Modern Roman at 10 pt (cmr10, the font
 * pdflatex uses by default), for the printable ASCII characters. Values are
 * the font's metrics rounded to 0.01 pt; `< > |` are the text commands
 * `\textless` etc. Characters not listed count as 5 pt (the digit width).
 */
const CMR10: Record<string, number> = {
  ' ': 3.33,
  '!': 2.78,
  '"': 5.0,
  '#': 8.33,
  $: 5.0,
  '%': 8.33,
  '&': 7.78,
  "'": 2.78,
  '(': 3.89,
  ')': 3.89,
  '*': 5.0,
  '+': 7.78,
  ',': 2.78,
  '-': 3.33,
  '.': 2.78,
  '/': 5.0,
  ':': 2.78,
  ';': 2.78,
  '<': 7.78,
  '=': 7.78,
  '>': 7.78,
  '?': 4.72,
  '@': 7.78,
  '[': 2.78,
  ']': 2.78,
  _: 5.0,
  '|': 5.0,
  a: 5.0,
  b: 5.56,
  c: 4.44,
  d: 5.56,
  e: 4.44,
  f: 3.06,
  g: 5.0,
  h: 5.56,
  i: 2.78,
  j: 3.06,
  k: 5.28,
  l: 2.78,
  m: 8.33,
  n: 5.56,
  o: 5.0,
  p: 5.56,
  q: 5.28,
  r: 3.92,
  s: 3.94,
  t: 3.89,
  u: 5.56,
  v: 5.28,
  w: 7.22,
  x: 5.28,
  y: 5.28,
  z: 4.44,
  A: 7.5,
  B: 7.08,
  C: 7.22,
  D: 7.64,
  E: 6.81,
  F: 6.53,
  G: 7.85,
  H: 7.5,
  I: 3.61,
  J: 5.14,
  K: 7.78,
  L: 6.25,
  M: 9.17,
  N: 7.5,
  O: 7.78,
  P: 6.81,
  Q: 7.78,
  R: 7.36,
  S: 5.56,
  T: 7.22,
  U: 7.5,
  V: 7.5,
  W: 10.28,
  X: 7.5,
  Y: 7.5,
  Z: 6.11,
  '±': 7.78,
  '×': 7.78,
  '−': 7.78,
};

/** Bold extended (cmbx10) is about 15 % wider than cmr10. */
const BOLD_FACTOR = 1.15;

/** LaTeX's default `\tabcolsep` in pt: padding on each side of every column. */
export const TABCOLSEP_PT = 6;

/**
 * Estimated printed width in pt of display text (not LaTeX source: pass
 * the text as it reads, e.g. `61.87 ± 0.16`) in 10 pt Computer Modern;
 * `bold` (default false) for `\textbf`. Good to a few percent for the
 * numbers and names in result tables; used to choose a layout, while the
 * generated LaTeX still measures the real box before scaling it.
 */
export function estimateTextWidthPt(text: string, bold = false): number {
  let width = 0;
  for (const ch of text) width += CMR10[ch] ?? 5.0;
  return bold ? width * BOLD_FACTOR : width;
}
