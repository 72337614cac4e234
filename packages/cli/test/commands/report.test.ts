import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGla, tempDir } from '../cli-harness.js';
import { longTailLayout } from './long-tail-layout.js';

process.env.GLA_NO_PROGRESS = '1';

describe('gla report', () => {
  it('writes the tables (Markdown, CSV, LaTeX), the plots and a page for run folders', async () => {
    const dir = tempDir();
    expect((await runGla(['run', longTailLayout(dir), '--run-id', 'r'])).code).toBe(0);
    const out = join(dir, 'report');
    const { code, lines } = await runGla(['report', join(dir, 'results/cli-long-tail/r'), '--out', out]);
    expect(code).toBe(0);
    for (const f of [
      'tables/cli-long-tail-long-tail.md',
      'tables/cli-long-tail-long-tail.csv',
      'tables/cli-long-tail-long-tail.tex',
      'tables/cli-long-tail-long-tail-vs-paper.md',
      'tables/headline-gains.md',
      'cli-long-tail-places-lt-per-class-accuracy.svg',
      'README.md',
      'index.html',
    ]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    // No paper reference in this config: every paper cell is n/a.
    expect(
      readFileSync(join(out, 'tables/cli-long-tail-long-tail-vs-paper.csv'), 'utf8').split('\n')[1].split(',')[2],
    ).toBe('n/a');
    expect(lines.at(-1)).toMatch(/^wrote \d+ files to .*report \(report: .*README\.md\)$/);
  });

  it('names a folder that is not a run, with exit code 2', async () => {
    const dir = tempDir();
    const { code, lines } = await runGla(['report', dir, '--out', join(dir, 'out')]);
    expect(code).toBe(2);
    expect(lines).toEqual([
      `gla: ${join(dir, 'metrics.json')}: file not found (is ${dir} a run directory of gla run?)`,
    ]);
  });

  it('refuses a non-empty folder it did not write unless --force, and leaves no stale file of its own', async () => {
    const dir = tempDir();
    expect((await runGla(['run', longTailLayout(dir), '--run-id', 'r'])).code).toBe(0);
    const run = join(dir, 'results/cli-long-tail/r');
    const out = join(dir, 'papers');
    mkdirSync(out);
    writeFileSync(join(out, 'draft.tex'), 'mine');
    const refused = await runGla(['report', run, '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.lines).toEqual([
      `gla: ${out}: folder exists and was not written by gla report (no .gla-report.json); give --force to replace it, or another --out`,
    ]);
    expect(readdirSync(out)).toEqual(['draft.tex']);
    expect((await runGla(['report', run, '--out', out, '--force'])).code).toBe(0);
    expect(existsSync(join(out, 'draft.tex'))).toBe(false);
    const first = readdirSync(out, { recursive: true }).map(String).sort();
    // Its own folder is replaced without --force; a file it wrote earlier that it no longer writes disappears.
    writeFileSync(join(out, 'tables', 'stale-table.md'), 'old');
    expect((await runGla(['report', run, '--out', out])).code).toBe(0);
    expect(readdirSync(out, { recursive: true }).map(String).sort()).toEqual(first);
    expect(readdirSync(dir).filter((n) => n.includes('staging'))).toEqual([]);
    const inside = await runGla(['report', run, '--out', join(dir, 'results')]);
    expect(inside.code).toBe(2);
    expect(inside.lines[0]).toMatch(/holds the run/);
  });
});
