import { BENCH_SECTIONS, benchSummary, runBench, type BenchSection } from '@gla/bench';
import { CliError } from '../cli-error.js';

/** Flags of `gla bench`. */
export interface BenchCommandOptions {
  quick?: boolean;
  /** Comma-separated section names. */
  only?: string;
  out?: string;
}

/**
 * Runs `gla bench`: the ImageNet-scale benchmarks (or tiny ones with --quick) on inputs the benchmark generates,
 * writing `<out>/<date>.json` and `<date>.md` and printing each figure with its target verdict.
 */
export async function benchCommand(options: BenchCommandOptions, log: (line: string) => void): Promise<void> {
  let only: BenchSection[] | undefined;
  if (options.only !== undefined) {
    const names = options.only
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    const unknown = names.filter((s) => !(BENCH_SECTIONS as readonly string[]).includes(s));
    if (names.length === 0 || unknown.length > 0) {
      throw new CliError(
        `--only: unknown section${unknown.length === 1 ? '' : 's'} '${unknown.join(',') || options.only}'; expected some of ${BENCH_SECTIONS.join(', ')}`,
      );
    }
    only = names as BenchSection[];
  }
  const run = await runBench({ quick: options.quick ?? false, only, outDir: options.out, log });
  for (const line of benchSummary(run.report)) log(line);
  log(`wrote ${run.json} and ${run.markdown} in ${run.report.totalSeconds.toFixed(0)} s`);
}
