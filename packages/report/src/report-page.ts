import type { ResultTable } from './result-table.js';

/** A figure of a report, referenced by file name relative to the report. */
export interface ReportFigure {
  /** File name, e.g. `few-shot.svg` (relative to the report's directory). */
  file: string;
  /** Alt text. */
  alt: string;
  /** Caption below the figure. Default none. */
  caption?: string;
}

/** One section: prose (Markdown), then tables, then figures. */
export interface ReportSection {
  title: string;
  /** Markdown text (HTML pages render it with markdown-it). Default none. */
  text?: string;
  tables?: ResultTable[];
  figures?: ReportFigure[];
}

/** A one-page report. */
export interface ReportPage {
  title: string;
  /** Markdown text under the title. Default none. */
  intro?: string;
  sections: ReportSection[];
}
