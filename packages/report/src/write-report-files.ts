import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildHtmlReport } from './build-html-report.js';
import { buildMarkdownReport } from './build-markdown-report.js';
import type { ReportPage } from './report-page.js';
import { writeFileAtomic } from '@gla/core';

/** Options of {@link writeReportFiles}. */
export interface ReportFileOptions {
  /** Also write `index.html`. Default true. */
  html?: boolean;
  /** Bold the best value per column in every table. Default false. */
  boldBest?: boolean;
}

/** Paths written by {@link writeReportFiles}. */
export interface ReportFiles {
  markdown: string;
  html?: string;
}

/**
 * Writes `<dir>/README.md` and (unless `html: false`) `<dir>/index.html`
 * atomically. Figures whose file ends in `.svg` and exists in `dir` are
 * read and inlined in the HTML; missing ones become `<img>` links.
 */
export async function writeReportFiles(
  dir: string,
  report: ReportPage,
  options: ReportFileOptions = {},
): Promise<ReportFiles> {
  const boldBest = options.boldBest ?? false;
  const markdown = join(dir, 'README.md');
  await writeFileAtomic(markdown, buildMarkdownReport(report, { boldBest }));
  if (options.html === false) return { markdown };
  const svgs: Record<string, string> = {};
  for (const section of report.sections) {
    for (const fig of section.figures ?? []) {
      if (!fig.file.endsWith('.svg')) continue;
      try {
        svgs[fig.file] = await readFile(join(dir, fig.file), 'utf8');
      } catch {
        // Not there (yet): the page links it instead of inlining it.
      }
    }
  }
  const html = join(dir, 'index.html');
  await writeFileAtomic(html, buildHtmlReport(report, { svgs, boldBest }));
  return { markdown, html };
}
