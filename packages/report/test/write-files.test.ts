import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  fewShotCurvePlot,
  outputPath,
  renderSvg,
  toCsv,
  toJson,
  toLatex,
  toMarkdown,
  writePlotFiles,
  writeTableFiles,
} from '../src/index.js';
import { fewShotPoints } from './data.js';
import { fewShotTable } from './fixtures.js';
import { readPng } from './png.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gla-report-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('outputPath', () => {
  it('refuses base names that would leave the directory', () => {
    expect(() => outputPath(dir, '../x', '.md')).toThrow(/plain file name/);
    expect(() => outputPath(dir, '', '.md')).toThrow(/plain file name/);
    expect(outputPath(dir, 'table-1', '.md')).toBe(join(dir, 'table-1.md'));
  });
});

describe('writeTableFiles', () => {
  it('writes .md .csv .tex .json matching the renderers', async () => {
    const table = fewShotTable();
    const files = await writeTableFiles(dir, 'few-shot', table, { latex: { label: 'tab:x' } });
    expect(await readFile(files.markdown, 'utf8')).toBe(toMarkdown(table));
    expect(await readFile(files.csv, 'utf8')).toBe(toCsv(table));
    expect(await readFile(files.latex, 'utf8')).toBe(toLatex(table, { label: 'tab:x' }));
    expect(await readFile(files.json, 'utf8')).toBe(toJson(table));
    expect((await readdir(dir)).sort()).toEqual(['few-shot.csv', 'few-shot.json', 'few-shot.md', 'few-shot.tex']);
  });

  it('bolds the same best cells in Markdown and LaTeX', async () => {
    const table = fewShotTable();
    const files = await writeTableFiles(dir, 'a', table, { markdown: { boldBest: true } });
    expect(await readFile(files.markdown, 'utf8')).toContain('**61.87 ± 0.16**');
    expect(await readFile(files.latex, 'utf8')).toContain('\\textbf{61.87{\\scriptsize\\,$\\pm$\\,0.16}}');
    const plain = await writeTableFiles(dir, 'b', table, { boldBest: false });
    expect(await readFile(plain.latex, 'utf8')).not.toContain('\\textbf');
    const both = await writeTableFiles(dir, 'c', table, { boldBest: true });
    expect(await readFile(both.latex, 'utf8')).toBe(toLatex(table, { boldBest: true }));
  });

  it('writes nothing when the table is invalid', async () => {
    const bad = {
      ...fewShotTable(),
      columns: [
        { key: 'a', header: 'A' },
        { key: 'a', header: 'B' },
      ],
    };
    await expect(writeTableFiles(dir, 'bad', bad)).rejects.toThrow(/more than once/);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('writePlotFiles', () => {
  it('writes the SVG, a 2x PNG and the spec', async () => {
    const spec = fewShotCurvePlot(fewShotPoints());
    const files = await writePlotFiles(dir, 'few-shot', spec);
    const svg = await readFile(files.svg, 'utf8');
    expect(svg).toBe(await renderSvg(spec));
    const png = readPng(await readFile(files.png));
    expect(png.width).toBe(2 * Number(/width="(\d+)"/.exec(svg)?.[1]));
    expect(JSON.parse(await readFile(files.spec, 'utf8'))).toEqual(JSON.parse(JSON.stringify(spec)));
  });
});
