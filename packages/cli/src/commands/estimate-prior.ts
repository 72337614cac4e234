import { resolve } from 'node:path';
import {
  ParallelPool,
  defaultThreads,
  bootstrapPrior,
  checkLabels,
  classCounts,
  estimatePrior,
  priorUncertainty,
  type LogitRows,
  type PriorEstimate,
  type PriorSolver,
} from '@gla/core';
import { CliError } from '../cli-error.js';
import { messages } from '../messages.js';
import { openLogitsFile, readLabels, readLogits } from '../read-array-files.js';
import { checkOutputLocation } from '../output-location.js';
import { writeJsonAtomic } from '../write-output.js';
import { type AppliedTemperature, applyTemperatureRule, parseTemperatureRule } from '../temperature-rule.js';
import { PRIOR_FILE_FORMAT, type PriorFile, type PriorUncertaintyFile } from '../artifacts/prior-file.js';
import { checkOutputNotInput } from '../check-output-not-input.js';
import { usefulThreads } from '../useful-threads.js';
import { parseNumberFlag, strictNumber } from '../number-flag.js';

export type { PriorFile, PriorUncertaintyFile } from '../artifacts/prior-file.js';

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
  /** Ridge toward the mean log q of the exact solver; default 0 (off). */
  ridge?: string;
  /** Number of bootstrap replicates of the exact solver for empirical intervals; default none. */
  bootstrap?: string;
  /** false (--no-standard-errors) skips the sandwich standard errors; default true. */
  standardErrors?: boolean;
}

/** Largest K for which `estimate-prior` computes the sandwich standard errors (three dense K x K matrices). */
const MAX_UNCERTAINTY_CLASSES = 2048;

/**
 * Runs `gla estimate-prior`: reads logits and labels, fits the temperature its rule asks for, estimates q, writes
 * the JSON atomically (q, the solver's evidence, the temperature rule and value, the estimation set, the
 * uncertainty) and logs a short summary. Returns what it wrote.
 */
export async function estimatePriorCommand(
  options: EstimatePriorCommandOptions,
  log: (line: string) => void,
): Promise<PriorFile> {
  const solver = (options.solver ?? 'exact') as PriorSolver;
  if (solver !== 'exact' && solver !== 'paper') throw new CliError(messages.badSolver(String(options.solver)));
  const rule = parseTemperatureRule(options.temperature ?? 'none');
  const tolerance = options.tolerance === undefined ? 1e-6 : parseNumberFlag('--tolerance', options.tolerance);
  if (!Number.isFinite(tolerance) || tolerance <= 0)
    throw new CliError(messages.badNumber('--tolerance', String(options.tolerance)));
  // The certificate max_j |mean p_j - freq_j| is below 1 from the start: a tolerance >= 1 would return the
  // uniform starting point marked "converged".
  if (tolerance >= 1) throw new CliError(messages.badTolerance(tolerance));
  const ridge = options.ridge === undefined ? 0 : parseNumberFlag('--ridge', options.ridge);
  if (!Number.isFinite(ridge) || ridge < 0) throw new CliError(messages.badNumber('--ridge', String(options.ridge)));
  const replicates = options.bootstrap === undefined ? 0 : strictNumber(options.bootstrap);
  if (!Number.isInteger(replicates) || replicates < 0)
    throw new CliError(messages.badCount('--bootstrap', String(options.bootstrap)));
  if (replicates > 0 && solver !== 'exact') throw new CliError(messages.exactSolverOnly('--bootstrap'));
  if (ridge > 0 && solver !== 'exact') throw new CliError(messages.exactSolverOnly('--ridge'));
  checkOutputLocation(options.out);
  checkOutputNotInput(options.out, { '--logits': options.logits, '--labels': options.labels });
  const requestedThreads = options.threads === undefined ? defaultThreads() : strictNumber(options.threads);
  if (!Number.isInteger(requestedThreads) || requestedThreads < 1)
    throw new CliError(messages.badThreads(String(options.threads)));
  // Finiteness is checked once, by estimatePrior under the same file name, unless a temperature is fitted on
  // the logits first (that search needs them finite, so the reader or the search checks, and the solver again).
  const fitted = rule.rule === 'confidence' || rule.rule === 'nll';
  // The exact solver, the standard errors, both temperature fits and the bootstrap's resampled rows read a
  // float32/float64 file in row blocks on their lanes (never whole: peak memory well under the file's size, files
  // past 2 GiB work). The paper solver needs the matrix in memory: the file is read whole for it.
  const inFile = solver === 'exact' ? openLogitsFile(options.logits) : undefined;
  const logits: LogitRows = inFile ?? readLogits(options.logits, { checkFinite: fitted });
  const threads = usefulThreads(requestedThreads, logits.rows, options.threads !== undefined ? log : undefined);
  // One pool for the solver and the standard errors: its worker threads start (and load the kernels) once, on the
  // other cores while this thread reads the labels (the first run waits for them).
  const pool = threads > 1 ? ParallelPool.start(threads) : undefined;
  let estimate: PriorEstimate;
  let computed: PriorUncertaintyFile | undefined;
  let labels: Int32Array;
  let temperature: AppliedTemperature;
  const wanted = options.standardErrors !== false || replicates > 0;
  try {
    labels = readLabels(options.labels);
    if (labels.length !== logits.rows) {
      throw new CliError(`${options.labels}: ${labels.length} labels, but ${options.logits} has ${logits.rows} rows`);
    }
    // Checked here so the message names the labels file (the solver's own check only says 'labels').
    checkLabels(labels, logits.rows, logits.cols, options.labels);
    temperature = applyTemperatureRule(rule, logits, labels, pool);
    // The progress bar lives in experiments (its own entry point: the whole package costs 0.6 s and 135 MB to
    // import), loaded only for the slow solver and the bootstrap.
    const progress =
      solver === 'paper'
        ? (await import('@gla/experiments/progress')).createProgress('paper solver', 1000, 'iterations')
        : undefined;
    estimate = estimatePrior(logits, labels, {
      solver,
      temperature: temperature.value,
      tolerance,
      threads,
      pool,
      ridge,
      what: options.logits,
      onIteration: progress ? (it) => progress.update(it) : undefined,
    });
    progress?.stop();
    if (estimate.missingClasses.length > 0)
      log(messages.missingClasses(estimate.missingClasses.length, estimate.missingClasses.slice(0, 10), solver));
    const uncertain = wanted && logits.cols <= MAX_UNCERTAINTY_CLASSES;
    // A bootstrap is `replicates` solves (minutes at ImageNet size): it gets a progress bar.
    const replicating =
      uncertain && replicates > 0
        ? (await import('@gla/experiments/progress')).createProgress('bootstrap', replicates, 'replicates')
        : undefined;
    computed = uncertain
      ? describeUncertainty(logits, labels, estimate, {
          temperature: temperature.value,
          ridge,
          replicates,
          tolerance,
          threads,
          pool,
          onReplicate: replicating ? (done) => replicating.update(done) : undefined,
        })
      : undefined;
    replicating?.stop();
  } finally {
    pool?.close();
  }
  if (wanted && !computed) log(messages.uncertaintySkipped(logits.cols, MAX_UNCERTAINTY_CLASSES));
  // At extreme logit spreads the sandwich is not finite (JSON would write null): left out with a note.
  const uncertainty = computed && isFiniteDeep(computed) ? computed : undefined;
  if (computed && !uncertainty) log(messages.uncertaintyNotFinite());
  const counts = Array.from(classCounts(labels, logits.cols));
  const { prior, ...evidence } = estimate;
  const file: PriorFile = {
    format: PRIOR_FILE_FORMAT,
    prior: Array.from(prior),
    ...evidence,
    temperatureRule: temperature.rule,
    classes: logits.cols,
    samples: logits.rows,
    inputs: { logits: options.logits, labels: options.labels },
    estimationSet: {
      logits: resolve(options.logits),
      labels: resolve(options.labels),
      samples: logits.rows,
      minPerClass: counts.reduce((a, b) => Math.min(a, b)),
      maxPerClass: counts.reduce((a, b) => Math.max(a, b)),
    },
    ...(uncertainty ? { uncertainty } : {}),
  };
  await writeJsonAtomic(options.out, file);
  log(messages.priorSummary(file));
  log(messages.wrote(options.out));
  return file;
}

/**
 * Sandwich standard errors at the estimate (and the bootstrap when asked). Not printed here: the terminal summary
 * of estimate-prior reads them from the file's `uncertainty` (median / max standard error, undetermined classes).
 */
function describeUncertainty(
  logits: LogitRows,
  labels: Int32Array,
  estimate: PriorEstimate,
  settings: {
    temperature: number;
    ridge: number;
    replicates: number;
    tolerance: number;
    threads: number;
    /** The command's pool (left open), when it runs on worker threads. */
    pool?: ParallelPool;
    /** Called after each bootstrap replicate with the number done. */
    onReplicate?: (done: number) => void;
  },
): PriorUncertaintyFile {
  // The tolerance / curvature rule uses the certificate reached: another solver stopping there could land anywhere
  // along a direction that flat.
  const reached = Math.max(estimate.certificate, Number.MIN_VALUE);
  const u = priorUncertainty(logits, labels, estimate.prior, {
    temperature: settings.temperature,
    ridge: settings.ridge,
    tolerance: reached,
    threads: settings.threads,
    pool: settings.pool,
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
    // On the command's lanes, rows read in place (from the file when the logits are left there).
    const boot = bootstrapPrior(logits, labels, {
      replicates: settings.replicates,
      temperature: settings.temperature,
      ridge: settings.ridge,
      tolerance: settings.tolerance,
      threads: settings.threads,
      pool: settings.pool,
      onReplicate: settings.onReplicate,
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

/** Whether every number in `value` (nested objects and arrays) is finite. */
function isFiniteDeep(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isFiniteDeep);
  if (value && typeof value === 'object') return Object.values(value).every(isFiniteDeep);
  return true;
}
