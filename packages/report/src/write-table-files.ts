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
  markdown?: MarkdownOptions;
  latex?: LatexOptions;
}

/**
 * Renders `table` once per format and writes `<dir>/<baseName>.md`, `.csv`,
 * `.tex` and `.json`, each atomically (`writeFileAtomic`). Everything is
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
  const texts: [string, string][] = [
    [files.markdown, toMarkdown(table, options.markdown)],
    [files.csv, toCsv(table)],
    [files.latex, toLatex(table, options.latex)],
    [files.json, toJson(table)],
  ];
  for (const [path, text] of texts) await writeFileAtomic(path, text);
  return files;
}
