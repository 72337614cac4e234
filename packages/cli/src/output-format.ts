import { extname } from 'node:path';
import { CliError } from './cli-error.js';

/** Formats a results file can be written in. */
export const OUTPUT_FORMATS = ['json', 'md', 'csv', 'tex'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * The format of an output: `--format` when given, else the `--out` extension (`.json`, `.md`, `.csv`, `.tex`);
 * `--out -` (stdout) without `--format` is JSON.
 * @throws CliError on an unknown format or an extension that names none
 */
export function outputFormat(out: string, format: string | undefined): OutputFormat {
  if (format !== undefined) {
    if (!(OUTPUT_FORMATS as readonly string[]).includes(format))
      throw new CliError(`--format: expected ${OUTPUT_FORMATS.join(', ')}, got '${format}'`);
    return format as OutputFormat;
  }
  if (out === '-') return 'json';
  const ext = extname(out).slice(1).toLowerCase();
  if ((OUTPUT_FORMATS as readonly string[]).includes(ext)) return ext as OutputFormat;
  if (ext === 'markdown') return 'md';
  throw new CliError(
    `${out}: cannot tell the format from the extension '${extname(out)}'; use .json, .md, .csv or .tex, or give --format`,
  );
}
