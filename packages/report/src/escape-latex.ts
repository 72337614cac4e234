/** LaTeX replacements for the ten special characters, applied in one pass. */
const SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  _: '\\_',
  '%': '\\%',
  '&': '\\&',
  '#': '\\#',
  $: '\\$',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/** A few non-ASCII symbols common in result tables, mapped so pdflatex needs no extra packages. */
const SYMBOLS: Record<string, string> = {
  '±': '$\\pm$',
  Δ: '$\\Delta$',
  α: '$\\alpha$',
  '→': '$\\rightarrow$',
  '…': '\\ldots{}',
  '×': '$\\times$',
  '≈': '$\\approx$',
  '−': '$-$',
  '—': '---',
  '–': '--',
};

/**
 * Escapes text for LaTeX: `\ _ % & # $ { } ~ ^` become their literal forms,
 * and ± Δ α → … × ≈ − — – become math/text commands pdflatex understands.
 * Single pass, so inserted backslashes are never escaped again. Newlines
 * become spaces.
 */
export function escapeLatex(text: string): string {
  return text.replace(/[\\_%&#${}~^±Δα→…×≈−—–\r\n]/g, (ch) => SPECIAL[ch] ?? SYMBOLS[ch] ?? ' ');
}
