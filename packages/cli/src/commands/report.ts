import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { isUserError } from '@gla/core';
import { buildPaperReport, type PaperReport } from '@gla/experiments';
import { CliError } from '../cli-error.js';
import { checkOutputFolder } from '../check-output-folder.js';

/** Flags of `gla report`. */
export interface ReportCommandOptions {
  /** Output folder; default `results/report`. */
  out?: string;
  /** Paper reference file overriding the one each run recorded. */
  paperReference?: string;
  /** Replace an existing folder that gla report did not write. */
  force?: boolean;
}

/** The file by which `gla report` recognises a folder it wrote (and may replace without --force). */
export const REPORT_MARKER = '.gla-report.json';

/**
 * Runs `gla report <run dirs...>`: the paper-layout tables (Markdown, CSV, LaTeX, JSON) of every run with the
 * paper's numbers where known and the differences, the headline gains, the plots and a one-page report.
 * The report is built in a staging folder beside `out` and replaces `out` as a whole when it succeeds, so no file
 * of an earlier report is left behind. A non-empty `out` that gla report did not write (no marker file) is refused
 * unless `force` is set; an `out` that holds one of the runs is always refused.
 */
export async function reportCommand(
  runDirs: string[],
  options: ReportCommandOptions,
  log: (line: string) => void,
): Promise<PaperReport> {
  if (runDirs.length === 0)
    throw new CliError('gla report: give at least one run directory (results/<experiment>/<run-id>)');
  checkOutputFolder(options.out ?? 'results/report');
  const out = resolve(options.out ?? 'results/report');
  checkReplaceable(out, runDirs, options.force ?? false);
  const staging = join(dirname(out), `.${basename(out)}.staging-${randomBytes(4).toString('hex')}`);
  const shown = options.out ?? 'results/report';
  try {
    const report = await buildPaperReport({
      runDirs,
      out: staging,
      paperReference: options.paperReference,
      // Messages name the final folder, not the staging one.
      log: (line) => log(line.split(staging).join(shown)),
    });
    const files = report.files.map((f) => relative(staging, f));
    await writeFile(
      join(staging, REPORT_MARKER),
      `${JSON.stringify({ writtenBy: 'gla report', runs: runDirs.map((d) => resolve(d)), files }, null, 2)}\n`,
    );
    await rm(out, { recursive: true, force: true });
    await rename(staging, out);
    return { ...report, out, files: files.map((f) => join(out, f)) };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (isUserError(error)) throw new CliError(error.message);
    throw error;
  }
}

/** Refuses an output folder whose replacement would lose files gla report did not write. */
function checkReplaceable(out: string, runDirs: readonly string[], force: boolean): void {
  for (const run of runDirs) {
    const r = resolve(run);
    if (r === out || r.startsWith(out + sep))
      throw new CliError(`${out}: holds the run ${run}; the report replaces its --out folder, so choose another one`);
  }
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new CliError(`${out}: exists and is not a folder`);
  if (readdirSync(out).length === 0 || force) return;
  const marker = join(out, REPORT_MARKER);
  let ours = false;
  try {
    ours = (JSON.parse(readFileSync(marker, 'utf8')) as { writtenBy?: string }).writtenBy === 'gla report';
  } catch {
    ours = false;
  }
  if (!ours) {
    throw new CliError(
      `${out}: folder exists and was not written by gla report (no ${REPORT_MARKER}); give --force to replace it, or another --out`,
    );
  }
}
