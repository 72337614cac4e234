import { resolve } from 'node:path';
import { defaultThreads, checkLabels, classCounts, estimatePrior, type PriorSolver } from '@gla/core';
import { CliError } from '../cli-error.js';
import { messages } from '../messages.js';
import { readLabels, readLogits } from '../read-array-files.js';
import { checkOutputLocation } from '../output-location.js';
import { writeJsonAtomic } from '../write-output.js';
import { applyTemperatureRule, parseTemperatureRule } from '../temperature-rule.js';
import { PRIOR_FILE_FORMAT, type PriorFile } from '../artifacts/prior-file.js';

/** Options of `gla estimate-prior`, as the flags give them. */
export interface EstimatePriorCommandOptions {
  logits: string;
  labels: string;
  /** 'none' (T = 1, default), 'confidence' (the paper's confidence matching on the same set), 'nll' or a number. */
  temperature?: string;
  solver?: string;
  out: string;
  /** Certificate target of the exact solver; default 1e-6. */
  tolerance?: string;
  /** Worker threads of the exact solver; default every core (results are byte-identical for any count). */
  threads?: string;
}

/**
 * Runs `gla estimate-prior`: reads logits and labels, fits the temperature its rule asks for, estimates q, writes
 * the JSON atomically (q, the solver's evidence, the temperature rule and value, the estimation set) and logs a
 * short summary. Returns what it wrote.
 */
export async function estimatePriorCommand(
  options: EstimatePriorCommandOptions,
  log: (line: string) => void,
): Promise<PriorFile> {
  const solver = (options.solver ?? 'exact') as PriorSolver;
  if (solver !== 'exact' && solver !== 'paper') throw new CliError(messages.badSolver(String(options.solver)));
  const rule = parseTemperatureRule(options.temperature ?? 'none');
  const tolerance = options.tolerance === undefined ? 1e-6 : Number(options.tolerance);
  if (!Number.isFinite(tolerance) || tolerance <= 0)
    throw new CliError(messages.badNumber('--tolerance', String(options.tolerance)));
  checkOutputLocation(options.out);
  const threads = options.threads === undefined ? defaultThreads() : Number(options.threads);
  if (!Number.isInteger(threads) || threads < 1) throw new CliError(messages.badThreads(String(options.threads)));
  const logits = readLogits(options.logits);
  const labels = readLabels(options.labels);
  if (labels.length !== logits.rows) {
    throw new CliError(`${options.labels}: ${labels.length} labels, but ${options.logits} has ${logits.rows} rows`);
  }
  // Checked here so the message names the labels file (the solver's own check only says 'labels').
  checkLabels(labels, logits.rows, logits.cols, options.labels);
  const temperature = applyTemperatureRule(rule, logits, labels);
  // The progress bar lives in experiments, whose import costs about a second: loaded only for the slow solver.
  const progress =
    solver === 'paper'
      ? (await import('@gla/experiments')).createProgress('paper solver', 1000, 'iterations')
      : undefined;
  const estimate = estimatePrior(logits, labels, {
    solver,
    temperature: temperature.value,
    tolerance,
    threads,
    onIteration: progress ? (it) => progress.update(it) : undefined,
  });
  progress?.stop();
  if (estimate.missingClasses.length > 0)
    log(messages.missingClasses(estimate.missingClasses.length, estimate.missingClasses.slice(0, 10), solver));
  const counts = Array.from(classCounts(labels, logits.cols));
  const { prior, ...evidence } = estimate;
  const file: PriorFile = {
    format: PRIOR_FILE_FORMAT,
    prior: Array.from(prior),
    ...evidence,
    temperatureRule: temperature.rule,
    classes: logits.cols,
    samples: logits.rows,
    estimationSet: {
      logits: resolve(options.logits),
      labels: resolve(options.labels),
      samples: logits.rows,
      minPerClass: counts.reduce((a, b) => Math.min(a, b)),
      maxPerClass: counts.reduce((a, b) => Math.max(a, b)),
    },
  };
  await writeJsonAtomic(options.out, file);
  log(messages.priorSummary(file));
  log(messages.wrote(options.out));
  return file;
}
