import type { ReportPage } from './report-page.js';
import { toMarkdown } from './to-markdown.js';

/** Options of {@link buildMarkdownReport}. */
export interface MarkdownReportOptions {
  /** Bold the best value per column in every table. Default false. */
  boldBest?: boolean;
}

/**
 * Builds one Markdown page (e.g. a results `README.md`): `# title`, intro,
 * then per section `## title`, its text, its tables inline (titles as `###`)
 * and its figures as `![alt](file)` with the caption in italics below.
 * Ends with one newline.
 */
export function buildMarkdownReport(report: ReportPage, options: MarkdownReportOptions = {}): string {
  const parts: string[] = [`# ${report.title}`];
  if (report.intro) parts.push(report.intro.trim());
  for (const section of report.sections) {
    parts.push(`## ${section.title}`);
    if (section.text) parts.push(section.text.trim());
    for (const table of section.tables ?? []) {
      parts.push(toMarkdown(table, { headingLevel: 3, boldBest: options.boldBest ?? false }).trimEnd());
    }
    for (const fig of section.figures ?? []) {
      const image = `![${fig.alt.replace(/[[\]]/g, '')}](${encodeURI(fig.file)})`;
      parts.push(fig.caption ? `${image}\n\n*${fig.caption}*` : image);
    }
  }
  return `${parts.join('\n\n')}\n`;
}
