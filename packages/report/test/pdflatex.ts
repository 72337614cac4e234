import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Why pdflatex cannot be used here, or null when it can. Debian:
 * `apt-get install -y --no-install-recommends texlive-latex-base texlive-latex-recommended`.
 */
export function pdflatexMissing(): string | null {
  try {
    execFileSync('pdflatex', ['--version'], { stdio: 'ignore', timeout: 30_000 });
    return null;
  } catch {
    return 'pdflatex is not installed (Debian: apt-get install texlive-latex-base texlive-latex-recommended)';
  }
}

/** What one pdflatex run left behind. */
export interface LatexRun {
  status: number | null;
  log: string;
  /** `Overfull \hbox (...)` lines of the log: text sticking out of its column. */
  overfull: string[];
  /** `! ...` error lines and missing-character warnings of the log. */
  errors: string[];
  /** Width in pt of every box the document reported with `\typeout{GLA-WIDTH ...}`. */
  widths: number[];
  /** The PDF bytes, when one was written. */
  pdf?: Buffer;
}

/** Compiles `source` with pdflatex in a fresh temporary folder (non-interactive, stop at the first error). */
export function compileLatex(source: string): LatexRun {
  const dir = mkdtempSync(join(tmpdir(), 'gla-pdflatex-'));
  try {
    writeFileSync(join(dir, 'doc.tex'), source);
    const run = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 'doc.tex'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    const log = readFileSync(join(dir, 'doc.log'), 'latin1');
    let pdf: Buffer | undefined;
    try {
      pdf = readFileSync(join(dir, 'doc.pdf'));
    } catch {
      pdf = undefined;
    }
    return {
      status: run.status,
      log,
      overfull: log.split('\n').filter((l) => l.startsWith('Overfull \\hbox')),
      errors: log.split('\n').filter((l) => l.startsWith('! ') || l.startsWith('Missing character')),
      widths: [...log.matchAll(/GLA-WIDTH ([0-9.]+)pt/g)].map((m) => Number(m[1])),
      pdf,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
