import type { BenchContext } from './bench-context.js';
import type { BenchSection, SectionResult } from './bench-types.js';
import { benchCli } from './bench-cli.js';
import { benchDemo } from './bench-demo.js';
import { benchEvaluate } from './bench-evaluate.js';
import { benchFeatures } from './bench-features.js';
import { benchHead } from './bench-head.js';
import { benchKernels } from './bench-kernels.js';
import { benchPrior } from './bench-prior.js';

const RUNNERS: Record<BenchSection, (context: BenchContext) => Promise<SectionResult>> = {
  kernels: benchKernels,
  prior: benchPrior,
  evaluate: benchEvaluate,
  head: benchHead,
  features: benchFeatures,
  cli: benchCli,
  demo: benchDemo,
};

const TITLES: Record<BenchSection, string> = {
  kernels: 'Kernels against in-run references (C, NumPy)',
  prior: 'Prior estimation (target 1)',
  evaluate: 'Evaluation of an ImageNet-scale run (target 2)',
  head: 'Linear head training (target 3)',
  features: 'Feature extraction (target 4)',
  cli: 'Command-line start-up and a small estimate-prior (issues 12, 15)',
  demo: '`pnpm demo` from an empty and a full stage cache (issue 15)',
};

/** Runs one section; a failure becomes a section result carrying the error, so the report is still written. */
export async function runSection(section: BenchSection, context: BenchContext): Promise<SectionResult> {
  const started = performance.now();
  try {
    return await RUNNERS[section](context);
  } catch (error) {
    return failedSection(
      section,
      error instanceof Error ? (error.stack ?? error.message) : String(error),
      (performance.now() - started) / 1000,
    );
  }
}

/** The result of a section that did not finish. */
export function failedSection(section: BenchSection, error: string, wallSeconds = 0): SectionResult {
  return {
    section,
    title: TITLES[section],
    inputs: 'n/a',
    rows: [],
    peakRssBytes: 0,
    baseRssBytes: 0,
    wallSeconds,
    error: error.split('\n').slice(0, 3).join(' / '),
  };
}
