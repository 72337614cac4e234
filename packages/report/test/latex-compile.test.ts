import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { latexDocument, toLatex, type LatexOptions, type ResultTable } from '../src/index.js';
import { fewShotTable, fewShotVsPaperTable, groupedTable, priorRecoveryTable } from './fixtures.js';
import { compileLatex, pdflatexMissing } from './pdflatex.js';

const missing = pdflatexMissing();
if (missing) console.log(`latex-compile tests skipped: ${missing}`);
const withLatex = missing ? describe.skip : describe;

const tables: [string, ResultTable][] = [
  ['few-shot', fewShotTable()],
  ['grouped', groupedTable()],
  ['few-shot vs paper (16 columns)', fewShotVsPaperTable()],
  ['prior recovery (symbols, long headers)', priorRecoveryTable()],
];

/** A document with one table; `\typeout` reports the real width of the tabular the guard measured. */
function document(tex: string, twocolumn: boolean): string {
  return latexDocument([`${tex}\\typeout{GLA-WIDTH \\the\\wd\\glaTableBox}`], { twocolumn });
}

withLatex('toLatex output compiles with pdflatex and fits its column', () => {
  for (const [name, table] of tables) {
    for (const options of [{ boldBest: true }, { boldBest: false, float: false }] as LatexOptions[]) {
      const tex = toLatex(table, options);
      it(`${name}, ${options.float === false ? 'bare tabular' : 'float, bold best'}`, () => {
        expect(tex).toMatch(/^[\x20-\x7e\n]*$/); // pure ASCII: nothing for inputenc to trip on
        for (const twocolumn of [true, false]) {
          const run = compileLatex(document(tex, twocolumn));
          expect(run.errors).toEqual([]);
          expect(run.status).toBe(0);
          expect(run.overfull).toEqual([]);
          expect(run.pdf?.subarray(0, 5).toString()).toBe('%PDF-');
        }
      });
    }
  }

  it('estimates the natural width the way pdflatex sets it (within 5 %)', () => {
    for (const [, table] of tables) {
      const tex = toLatex(table, { boldBest: true, float: false });
      const estimate = Number(/natural width about (\d+) pt/.exec(tex)?.[1]);
      const [measured] = compileLatex(document(tex, false)).widths;
      expect(Math.abs(measured - estimate) / measured).toBeLessThan(0.05);
    }
  });

  it('sets a column-wide table as table and a wide one as table*, scaled into the page', () => {
    expect(toLatex(groupedTable())).toContain('\\begin{table}[t]');
    const wide = toLatex(fewShotVsPaperTable());
    expect(wide).toContain('\\begin{table*}[t]');
    expect(compileLatex(document(wide, true)).overfull).toEqual([]);
    // Wider than the page even with split headers and narrow padding: measured, then scaled by graphicx.
    const bare = compileLatex(document(toLatex(fewShotVsPaperTable(), { float: false }), true));
    expect(bare.widths[0]).toBeGreaterThan(487);
    expect(bare.overfull).toEqual([]);
  });
});

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
function committedTex(): string[] {
  try {
    return execFileSync('git', ['ls-files', 'results/**/*.tex'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((f) => f.endsWith('.tex'));
  } catch {
    return [];
  }
}

withLatex('committed .tex results compile with pdflatex', () => {
  const files = committedTex();
  it.skipIf(files.length === 0)(`${files.length} tracked results/**/*.tex file(s)`, () => {
    for (const file of files) {
      const tex = readFileSync(join(root, file), 'utf8');
      const run = compileLatex(latexDocument([tex], { twocolumn: true }));
      expect({ file, errors: run.errors, status: run.status }).toEqual({ file, errors: [], status: 0 });
    }
  });
});
