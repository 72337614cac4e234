import {
  defaultThreads,
  bootstrapPrior,
  checkLabels,
  confidenceTemperature,
  estimatePrior,
  priorUncertainty,
  type PriorEstimate,
  type PriorSolver,
} from '@gla/core';
import { CliError } from '../cli-error.js';
import { messages } from '../messages.js';
import { readLabels, readLogits } from '../read-array-files.js';
import { checkOutputLocation } from '../output-location.js';
import { writeJsonAtomic } from '../write-output.js';
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
  /** Ridge toward the mean log q of the exact solver; default 0 (off). */
  ridge?: string;
  /** Number of bootstrap replicates of the exact solver for empirical intervals; default none. */
  bootstrap?: string;
  /** false (--no-standard-errors) skips the sandwich standard errors; default true. */
  standardErrors?: boolean;
}

/** Largest K for which `estimate-prior` computes the sandwich standard errors (three dense K x K matrices). */
const MAX_UNCERTAINTY_CLASSES = 2048;

/** How sure the estimate is, as prior.json records it (natural log of q, centred on the mean over present classes). */
export interface PriorUncertaintyFile {
  method: 'sandwich';
  quantity: 'log q_j - mean_k log q_k';
  /** Per class; -1 for a class absent from the estimation set (listed in `missingClasses`). */
  standardErrors: number[];
  /** Per class: how far log q_j may still be from the exact optimum (one Newton step); -1 for absent classes. */
  solverErrors: number[];
  undeterminedClasses: number[];
  threshold: number;
  /** The certificate the tolerance / curvature rule used (the one the solver reached). */
  tolerance: number;
  bootstrap?: {
    replicates: number;
    seed: number;
    confidence: number;
    standardErrors: number[];
    lower: number[];
    upper: number[];
  };
}

/** The JSON `gla estimate-prior` writes. */
export interface PriorFile extends Omit<PriorEstimate, 'prior'> {
  prior: number[];
  classes: number;
  samples: number;
  temperatureRule: 'none' | 'auto' | 'given';
  inputs: { logits: string; labels: string };
  /** Absent with --no-standard-errors, or when K is above the dense limit (a note says so). */
  uncertainty?: PriorUncertaintyFile;
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
    given = Number(rule);
    if (!Number.isFinite(given) || given <= 0) throw new CliError(messages.badTemperature(rule));
  }
  const tolerance = options.tolerance === undefined ? 1e-6 : Number(options.tolerance);
  if (!Number.isFinite(tolerance) || tolerance <= 0)
    throw new CliError(messages.badNumber('--tolerance', String(options.tolerance)));
  const ridge = options.ridge === undefined ? 0 : Number(options.ridge);
  if (!Number.isFinite(ridge) || ridge < 0) throw new CliError(messages.badNumber('--ridge', String(options.ridge)));
  const replicates = options.bootstrap === undefined ? 0 : Number(options.bootstrap);
  if (!Number.isInteger(replicates) || replicates < 0)
    throw new CliError(messages.badCount('--bootstrap', String(options.bootstrap)));
  if (replicates > 0 && solver !== 'exact') throw new CliError(messages.exactSolverOnly('--bootstrap'));
  if (ridge > 0 && solver !== 'exact') throw new CliError(messages.exactSolverOnly('--ridge'));
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
  const temperature =
    rule === 'auto' ? confidenceTemperature(logits, labels).temperature : rule === 'none' ? 1 : (given as number);
  const progress = solver === 'paper' ? createProgress('paper solver', 1000, 'iterations') : undefined;
  const estimate = estimatePrior(logits, labels, {
    solver,
    temperature,
    tolerance,
    threads,
    ridge,
    onIteration: progress ? (it) => progress.update(it) : undefined,
  });
  progress?.stop();
  if (estimate.missingClasses.length > 0)
    log(messages.missingClasses(estimate.missingClasses.length, estimate.missingClasses.slice(0, 10), solver));
  if (!estimate.converged) log(messages.notConverged(estimate.certificate));
  const wanted = options.standardErrors !== false || replicates > 0;
  const uncertainty =
    wanted && logits.cols <= MAX_UNCERTAINTY_CLASSES
      ? describeUncertainty(logits, labels, estimate, { temperature, ridge, replicates, tolerance, threads })
      : undefined;
  if (wanted && !uncertainty) log(messages.uncertaintySkipped(logits.cols, MAX_UNCERTAINTY_CLASSES));
  const file: PriorFile = {
    ...estimate,
    prior: Array.from(estimate.prior),
    classes: logits.cols,
    samples: logits.rows,
    temperatureRule: rule === 'none' || rule === 'auto' ? rule : 'given',
    inputs: { logits: options.logits, labels: options.labels },
    ...(uncertainty ? { uncertainty } : {}),
  };
  await writeJsonAtomic(options.out, file);
  log(messages.wrote(options.out));
  return file;
}

/**
 * Sandwich standard errors at the estimate (and the bootstrap when asked). Not printed here: the terminal summary
 * of estimate-prior reads them from the file's `uncertainty` (median / max standard error, undetermined classes).
 */
function describeUncertainty(
  logits: Parameters<typeof priorUncertainty>[0],
  labels: Int32Array,
  estimate: PriorEstimate,
  settings: { temperature: number; ridge: number; replicates: number; tolerance: number; threads: number },
): PriorUncertaintyFile {
  // The tolerance / curvature rule uses the certificate reached: another solver stopping there could land anywhere
  // along a direction that flat.
  const reached = Math.max(estimate.certificate, Number.MIN_VALUE);
  const u = priorUncertainty(logits, labels, estimate.prior, {
    temperature: settings.temperature,
    ridge: settings.ridge,
    tolerance: reached,
    threads: settings.threads,
  });
  const file: PriorUncertaintyFile = {
    method: u.method,
    quantity: 'log q_j - mean_k log q_k',
    standardErrors: Array.from(u.standardErrors),
    solverErrors: Array.from(u.solverErrors),
    undeterminedClasses: u.undeterminedClasses,
    threshold: u.threshold,
    tolerance: reached,
  };
  if (settings.replicates > 0) {
    const boot = bootstrapPrior(logits, labels, {
      replicates: settings.replicates,
      temperature: settings.temperature,
      ridge: settings.ridge,
      tolerance: settings.tolerance,
    });
    file.bootstrap = {
      replicates: boot.replicates,
      seed: boot.seed,
      confidence: boot.confidence,
      standardErrors: Array.from(boot.standardErrors),
      lower: Array.from(boot.lower),
      upper: Array.from(boot.upper),
    };
  }
  return file;
}
