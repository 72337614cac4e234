import { toCsv } from './to-csv.js';
import { toJson } from './to-json.js';
import { toLatex, type LatexOptions } from './to-latex.js';
import { toMarkdown, type MarkdownOptions } from './to-markdown.js';
import type { ResultTable } from './result-table.js';
import { writeFileAtomic } from '@gla/core';
import { outputPath } from './output-path.js';

/** Paths written by {@link writeTableFiles}. */
export interface TableFiles {
  markdown: string;
  csv: string;
  latex: string;
  json: string;
}

/** Options of {@link writeTableFiles}: passed to the Markdown and LaTeX renderers. */
export interface TableFileOptions {
  /**
   * Bold the best value of each column in both the Markdown and the LaTeX file. Default: the
   * Markdown's `boldBest` for both (so the two files always bold the same cells), else false.
   */
  boldBest?: boolean;
  markdown?: MarkdownOptions;
  latex?: LatexOptions;
}

/**
 * Renders `table` once per format and writes `<dir>/<baseName>.md`, `.csv`,
 * `.tex` and `.json`, each atomically (`writeFileAtomic`). Markdown and LaTeX bold the same best
 * cells (see `boldBest`). Everything is
 * rendered before the first write, so a rendering error writes nothing.
 * Returns the paths.
 */
export async function writeTableFiles(
  dir: string,
  baseName: string,
  table: ResultTable,
  options: TableFileOptions = {},
): Promise<TableFiles> {
  const files: TableFiles = {
    markdown: outputPath(dir, baseName, '.md'),
    csv: outputPath(dir, baseName, '.csv'),
    latex: outputPath(dir, baseName, '.tex'),
    json: outputPath(dir, baseName, '.json'),
  };
  const boldBest = options.boldBest ?? options.markdown?.boldBest ?? options.latex?.boldBest ?? false;
  const texts: [string, string][] = [
    [files.markdown, toMarkdown(table, { ...options.markdown, boldBest })],
    [files.csv, toCsv(table)],
    [files.latex, toLatex(table, { ...options.latex, boldBest })],
    [files.json, toJson(table)],
  ];
  for (const [path, text] of texts) await writeFileAtomic(path, text);
  return files;
}
