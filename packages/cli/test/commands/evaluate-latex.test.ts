import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRandom } from '@gla/core';
import { latexDocument } from '@gla/report';
import { runGla, tempDir, writeNpy } from '../cli-harness.js';
import { geometricPrior, syntheticLogits } from '../synthetic-logits.js';

/** Why pdflatex cannot run here, or undefined when it can. */
function pdflatexMissing(): string | undefined {
  try {
    execFileSync('pdflatex', ['--version'], { stdio: 'ignore', timeout: 30_000 });
    return undefined;
  } catch {
    return 'pdflatex is not installed (Debian: apt-get install texlive-latex-base texlive-latex-recommended)';
  }
}

/** pdflatex's exit status and log for a whole document, compiled in a fresh folder. */
function compile(source: string): { status: number | null; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gla-cli-tex-'));
  try {
    writeFileSync(join(dir, 'doc.tex'), source);
    const run = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 'doc.tex'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: run.status, log: readFileSync(join(dir, 'doc.log'), 'latin1') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('gla evaluate with WiSE-FT at 11 alphas and the output-ensemble sweep', () => {
  const k = 10;
  const zsData = syntheticLogits(k, 20, geometricPrior(k, 20), 31, 2);
  const ftData = syntheticLogits(k, 20, new Float64Array(k).fill(1 / k), 32, 1.2);
  const n = zsData.labels.length;
  const alphas = Array.from({ length: 11 }, (_, i) => i / 10);
  const random = createRandom(9);
  // Stand-ins for the weight-space ensembles' logits: any N x K matrices.
  const wise = alphas.map((a) =>
    Float32Array.from({ length: n * k }, (_, t) => (1 - a) * zsData.logits[t] + a * ftData.logits[t] + random.normal()),
  );

  function args(dir: string): string[] {
    const prior = join(dir, 'prior.json');
    writeFileSync(prior, JSON.stringify(Array.from(geometricPrior(k, 20))));
    const out = [
      'evaluate',
      '--labels',
      writeNpy(dir, 'y.npy', zsData.labels, [n]),
      '--zero-shot',
      writeNpy(dir, 'zs.npy', zsData.logits, [n, k]),
      '--fine-tuned',
      writeNpy(dir, 'ft.npy', ftData.logits, [n, k]),
      '--prior',
      prior,
      '--sweep',
    ];
    alphas.forEach((a, i) => out.push('--wise-ft', `${a}=${writeNpy(dir, `w${i}.npy`, wise[i], [n, k])}`));
    return out;
  }

  it('prints WiSE-FT at every alpha, the sweep and GLA in one table', async () => {
    const dir = tempDir();
    const { code, lines } = await runGla([...args(dir), '--out', join(dir, 'm.json')]);
    expect(code, lines.join('\n')).toBe(0);
    const wiseRows = lines.filter((l) => /^WiSE-FT \(α = [\d.]+(, best)?\)/.test(l));
    const sweepRows = lines.filter((l) => /^Output ensemble \(α = [\d.]+(, best)?\)/.test(l));
    expect(wiseRows).toHaveLength(11);
    // The output-ensemble method row (alpha 0.5) and the 11 points of the sweep.
    expect(sweepRows).toHaveLength(12);
    expect(lines.some((l) => /^GLA \(exact estimator\)\s/.test(l))).toBe(true);
  });

  it.skipIf(pdflatexMissing() !== undefined)(
    'writes a .tex table (from the --out extension) that pdflatex compiles, within a two-column page',
    async () => {
      const dir = tempDir();
      const out = join(dir, 'm.tex');
      const { code, lines } = await runGla([...args(dir), '--out', out]);
      expect(code, lines.join('\n')).toBe(0);
      const tex = readFileSync(out, 'utf8');
      expect(/[^\x00-\x7f]/.test(tex)).toBe(false);
      const run = compile(latexDocument([tex], { twocolumn: true }));
      expect(run.status, run.log.slice(-2000)).toBe(0);
      expect(run.log.split('\n').filter((l) => l.startsWith('Overfull \\hbox'))).toEqual([]);
    },
  );
  if (pdflatexMissing() !== undefined) console.warn(`skipping the pdflatex compile test: ${pdflatexMissing()}`);
});
