import {
  defaultThreads,
  checkLabels,
  confidenceTemperature,
  estimatePrior,
  type PriorEstimate,
  type PriorSolver,
} from '@gla/core';
import { CliError } from '../cli-error.js';
import { messages } from '../messages.js';
import { readLabels, readLogits } from '../read-array-files.js';
import { checkOutputLocation } from '../output-location.js';
import { writeJsonAtomic } from '../write-output.js';
import { checkOutputNotInput } from '../check-output-not-input.js';
import { usefulThreads } from '../useful-threads.js';
import { parseNumberFlag, strictNumber } from '../number-flag.js';
import { createProgress } from '@gla/experiments';

/** Options of `gla estimate-prior`, as the flags give them. */
export interface EstimatePriorCommandOptions {
  logits: string;
  labels: string;
  /** 'none' (T = 1, default), 'auto' (the paper's confidence matching on the same set) or a number. */
  temperature?: string;
  solver?: string;
  out: string;
  /** Certificate target of the exact solver; default 1e-6. */
  tolerance?: string;
  /** Worker threads of the exact solver; default every core (results are byte-identical for any count). */
  threads?: string;
}

/** The JSON `gla estimate-prior` writes. */
export interface PriorFile extends Omit<PriorEstimate, 'prior'> {
  prior: number[];
  classes: number;
  samples: number;
  temperatureRule: 'none' | 'auto' | 'given';
  inputs: { logits: string; labels: string };
}

/** Runs `gla estimate-prior`: reads logits and labels, estimates q, writes the JSON atomically. Returns what it wrote. */
export async function estimatePriorCommand(
  options: EstimatePriorCommandOptions,
  log: (line: string) => void,
): Promise<PriorFile> {
  const solver = (options.solver ?? 'exact') as PriorSolver;
  if (solver !== 'exact' && solver !== 'paper') throw new CliError(messages.badSolver(String(options.solver)));
  const rule = options.temperature ?? 'none';
  let given: number | undefined;
  if (rule !== 'none' && rule !== 'auto') {
    given = strictNumber(rule);
    if (!Number.isFinite(given) || given <= 0) throw new CliError(messages.badTemperature(rule));
  }
  const tolerance = options.tolerance === undefined ? 1e-6 : parseNumberFlag('--tolerance', options.tolerance);
  if (!Number.isFinite(tolerance) || tolerance <= 0)
    throw new CliError(messages.badNumber('--tolerance', String(options.tolerance)));
  // The certificate max_j |mean p_j - freq_j| is below 1 from the start: a tolerance >= 1 would return the
  // uniform starting point marked "converged".
  if (tolerance >= 1) throw new CliError(messages.badTolerance(tolerance));
  checkOutputLocation(options.out);
  checkOutputNotInput(options.out, { '--logits': options.logits, '--labels': options.labels });
  const requestedThreads = options.threads === undefined ? defaultThreads() : strictNumber(options.threads);
  if (!Number.isInteger(requestedThreads) || requestedThreads < 1)
    throw new CliError(messages.badThreads(String(options.threads)));
  const logits = readLogits(options.logits);
  const labels = readLabels(options.labels);
  if (labels.length !== logits.rows) {
    throw new CliError(`${options.labels}: ${labels.length} labels, but ${options.logits} has ${logits.rows} rows`);
  }
  // Checked here so the message names the labels file (the solver's own check only says 'labels').
  checkLabels(labels, logits.rows, logits.cols, options.labels);
  const temperature =
    rule === 'auto' ? confidenceTemperature(logits, labels).temperature : rule === 'none' ? 1 : (given as number);
  const threads = usefulThreads(requestedThreads, logits.rows, options.threads !== undefined ? log : undefined);
  const progress = solver === 'paper' ? createProgress('paper solver', 1000, 'iterations') : undefined;
  const estimate = estimatePrior(logits, labels, {
    solver,
    temperature,
    tolerance,
    threads,
    what: options.logits,
    onIteration: progress ? (it) => progress.update(it) : undefined,
  });
  progress?.stop();
  if (estimate.missingClasses.length > 0)
    log(messages.missingClasses(estimate.missingClasses.length, estimate.missingClasses.slice(0, 10), solver));
  if (!estimate.converged) log(messages.notConverged(estimate.certificate));
  const file: PriorFile = {
    ...estimate,
    prior: Array.from(estimate.prior),
    classes: logits.cols,
    samples: logits.rows,
    temperatureRule: rule === 'none' || rule === 'auto' ? rule : 'given',
    inputs: { logits: options.logits, labels: options.labels },
  };
  await writeJsonAtomic(options.out, file);
  log(messages.wrote(options.out));
  return file;
}
