import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildHtmlReport, buildMarkdownReport, toMarkdown, writeReportFiles, type ReportPage } from '../src/index.js';
import { fewShotTable } from './fixtures.js';

const page = (): ReportPage => ({
  title: 'GLA reproduction',
  intro: 'Numbers are top-1 accuracy.',
  sections: [
    {
      title: 'Few-shot',
      text: 'First paragraph.\n\nSecond <paragraph>.',
      tables: [fewShotTable()],
      figures: [
        { file: 'few shot.svg', alt: 'Few-shot [curve]', caption: 'Mean ± std over 3 seeds.' },
        { file: 'missing.png', alt: 'Missing' },
      ],
    },
  ],
});

describe('buildMarkdownReport', () => {
  it('puts headings, text, inline tables and image links in order', () => {
    const md = buildMarkdownReport(page());
    const expected = [
      '# GLA reproduction',
      'Numbers are top-1 accuracy.',
      '## Few-shot',
      'First paragraph.\n\nSecond <paragraph>.',
      toMarkdown(fewShotTable(), { headingLevel: 3 }).trimEnd(),
      '![Few-shot curve](few%20shot.svg)\n\n*Mean ± std over 3 seeds.*',
      '![Missing](missing.png)',
    ].join('\n\n');
    expect(md).toBe(`${expected}\n`);
  });
});

describe('buildHtmlReport', () => {
  it('inlines known SVGs with per-figure ids and links the rest', () => {
    const svg = '<?xml version="1.0"?>\n<svg><clipPath id="clip7"/><g clip-path="url(#clip7)"/></svg>';
    const html = buildHtmlReport(page(), { svgs: { 'few shot.svg': svg } });
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<svg><clipPath id="fig1-1"/><g clip-path="url(#fig1-1)"/></svg>');
    expect(html).toContain('<img src="missing.png" alt="Missing">');
    expect(html).toContain('<p>Second &lt;paragraph&gt;.</p>');
    expect(html).toContain('<td class="num">n/a</td>');
    expect(html).toContain('<figcaption>Mean ± std over 3 seeds.</figcaption>');
  });
});

describe('buildHtmlReport renders Markdown', () => {
  const markdownPage = (): ReportPage => ({
    title: 'GLA on a **simulated** world',
    intro: '**This is a simulation, not CLIP.** Regenerate with `pnpm demo`; see *results.json*.',
    sections: [
      {
        title: 'Few-shot',
        text: 'GLA removes `log pi_s`:\n\n- **bold** item\n- `code` item',
        tables: [{ ...fewShotTable(), notes: ['Run `gla run` again; **n/a** means unknown.'] }],
        figures: [{ file: 'x.png', alt: 'x', caption: 'Error bars: **± 1 std** over `3` seeds.' }],
      },
    ],
  });

  it('leaves no raw ** or backticks in the page, as GitHub shows the README', () => {
    const html = buildHtmlReport(markdownPage());
    const visible = html.replace(/<style>[\s\S]*?<\/style>/, '');
    expect(visible).not.toContain('**');
    expect(visible).not.toContain('`');
    expect(html).toContain(
      '<p><strong>This is a simulation, not CLIP.</strong> Regenerate with <code>pnpm demo</code>',
    );
    expect(html).toContain('<li><strong>bold</strong> item</li>');
    expect(html).toContain('<li>Run <code>gla run</code> again; <strong>n/a</strong> means unknown.</li>');
    expect(html).toContain('<figcaption>Error bars: <strong>± 1 std</strong> over <code>3</code> seeds.</figcaption>');
    expect(html).toContain('<h1>GLA on a <strong>simulated</strong> world</h1>');
    expect(html).toContain('<title>GLA on a simulated world</title>'); // the tab title is plain text
  });
});

describe('writeReportFiles', () => {
  it('writes README.md and index.html, inlining SVGs found in the folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gla-report-page-'));
    try {
      await writeFile(join(dir, 'few shot.svg'), '<svg><g id="a"/></svg>');
      const files = await writeReportFiles(dir, page());
      expect(await readFile(files.markdown, 'utf8')).toBe(buildMarkdownReport(page()));
      const html = await readFile(files.html ?? '', 'utf8');
      expect(html).toContain('<svg><g id="fig1-1"/></svg>');
      const mdOnly = await writeReportFiles(dir, page(), { html: false });
      expect(mdOnly.html).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
