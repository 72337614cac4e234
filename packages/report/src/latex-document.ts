import { LATEX_PACKAGES } from './to-latex.js';

/** Options of {@link latexDocument}. */
export interface LatexDocumentOptions {
  /** Two-column page (`\documentclass[twocolumn]{article}`), where a `table` is one column wide. Default false. */
  twocolumn?: boolean;
}

/**
 * A complete pdflatex document around table fragments from `toLatex`
 * (each a `table`/`table*` float or a bare tabular): `article` class, the
 * packages the tables need (booktabs, graphicx) and nothing else, so
 * `pdflatex` compiles it on a stock TeX Live (Debian:
 * `texlive-latex-base texlive-latex-recommended`). Fragments are
 * separated by blank lines. Ends with one newline.
 */
export function latexDocument(fragments: readonly string[], options: LatexDocumentOptions = {}): string {
  const lines = [
    `\\documentclass${options.twocolumn ? '[twocolumn]' : ''}{article}`,
    ...LATEX_PACKAGES.map((p) => `\\usepackage{${p}}`),
    '\\begin{document}',
    fragments.map((f) => f.trimEnd()).join('\n\n'),
    '\\end{document}',
  ];
  return `${lines.join('\n')}\n`;
}
