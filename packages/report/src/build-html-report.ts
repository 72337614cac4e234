import { escapeFor } from './format-cell.js';
import { markdownInlineToHtml, markdownToHtml } from './markdown-html.js';
import { normalizeSvg } from './normalize-svg.js';
import type { ReportPage } from './report-page.js';
import { toHtml } from './to-html.js';

/** Options of {@link buildHtmlReport}. */
export interface HtmlReportOptions {
  /** SVG text by figure file name; figures found here are inlined, others become `<img>`. Default none. */
  svgs?: Record<string, string>;
  /** Bold the best value per column in every table. Default false. */
  boldBest?: boolean;
}

const STYLE = [
  'body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#111}',
  'table{border-collapse:collapse;margin:1em 0;font-size:14px}',
  'caption{text-align:left;font-weight:bold;padding-bottom:.4em}',
  'th,td{padding:.25em .7em;border-bottom:1px solid #ddd;text-align:left}',
  'thead th{border-bottom:2px solid #333}',
  '.num{text-align:right;font-variant-numeric:tabular-nums}',
  '.notes{font-size:13px;color:#444}',
  'figure{margin:1.5em 0}figcaption{font-size:13px;color:#333}',
  'figure svg,figure img{max-width:100%;height:auto}',
].join('\n');

/**
 * Builds a standalone HTML page with the same content as
 * `buildMarkdownReport`: tables as HTML tables, figures inlined as SVG when
 * their text is in `svgs` (ids re-prefixed per figure so they stay unique
 * in the page), otherwise `<img src>`. The prose, headings, captions and
 * table texts are Markdown, rendered with markdown-it (`markdownToHtml`) as
 * GitHub renders the README, so the page shows no raw `**` or backticks;
 * raw HTML in them is escaped. Ends with one newline.
 */
export function buildHtmlReport(report: ReportPage, options: HtmlReportOptions = {}): string {
  const body: string[] = [`<h1>${markdownInlineToHtml(report.title)}</h1>`];
  if (report.intro) body.push(markdownToHtml(report.intro.trim()).trimEnd());
  let figureCount = 0;
  for (const section of report.sections) {
    body.push(`<section>`, `<h2>${markdownInlineToHtml(section.title)}</h2>`);
    if (section.text) body.push(markdownToHtml(section.text.trim()).trimEnd());
    for (const table of section.tables ?? [])
      body.push(toHtml(table, { boldBest: options.boldBest ?? false, markdown: true }).trimEnd());
    for (const fig of section.figures ?? []) {
      figureCount += 1;
      const svg = options.svgs?.[fig.file];
      const content =
        svg !== undefined
          ? normalizeSvg(svg.replace(/^<\?xml[^>]*>\s*/, ''), `fig${figureCount}`)
          : `<img src="${escapeFor(encodeURI(fig.file), 'html')}" alt="${escapeFor(fig.alt, 'html')}">`;
      const caption = fig.caption ? `\n<figcaption>${markdownInlineToHtml(fig.caption)}</figcaption>` : '';
      body.push(`<figure>\n${content}${caption}\n</figure>`);
    }
    body.push(`</section>`);
  }
  return `${[
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // The tab title is plain text: the rendered heading without its tags (entities stay escaped).
    `<title>${markdownInlineToHtml(report.title).replace(/<[^>]*>/g, '')}</title>`,
    `<style>\n${STYLE}\n</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
  ].join('\n')}\n`;
}
