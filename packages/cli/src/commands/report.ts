import { buildPaperReport, isUserError, type PaperReport } from '@gla/experiments';
import { CliError } from '../cli-error.js';
import { checkOutputFolder } from '../check-output-folder.js';

/** Flags of `gla report`. */
export interface ReportCommandOptions {
  /** Output folder; default `results/report`. */
  out?: string;
  /** Paper reference file overriding the one each run recorded. */
  paperReference?: string;
}

/**
 * Runs `gla report <run dirs...>`: the paper-layout tables (Markdown, CSV, LaTeX, JSON) of every run with the
 * paper's numbers where known and the differences, the headline gains, the plots and a one-page report.
 */
export async function reportCommand(
  runDirs: string[],
  options: ReportCommandOptions,
  log: (line: string) => void,
): Promise<PaperReport> {
  if (runDirs.length === 0)
    throw new CliError('gla report: give at least one run directory (results/<experiment>/<run-id>)');
  checkOutputFolder(options.out ?? 'results/report');
  try {
    return await buildPaperReport({
      runDirs,
      out: options.out ?? 'results/report',
      paperReference: options.paperReference,
      log,
    });
  } catch (error) {
    if (isUserError(error)) throw new CliError(error.message);
    throw error;
  }
}
