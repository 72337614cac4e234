import { resolve } from 'node:path';
import {
  defaultThreads,
  evaluateRun,
  ParallelPool,
  type EvaluateRunInputs,
  type Matrix,
  type RowSource,
  type MethodId,
  type MethodMetrics,
} from '@gla/core';
import { CliError } from '../cli-error.js';
import { messages } from '../messages.js';
import { readLabels, readPrior } from '../read-array-files.js';
import { openLogits, streamAboveBytes, type OpenedLogits } from '../open-logits.js';
import { checkOutputLocation } from '../output-location.js';
import { writeTextAtomic } from '../write-output.js';
import { outputFormat, type OutputFormat } from '../output-format.js';
import { readPriorMetadata } from '../artifacts/prior-file.js';
import { parseSweep, parseWiseFt } from '../evaluate/parse-alphas.js';
import { METRICS_FILE_FORMAT, markBest, type MetricsFile } from '../evaluate/metrics-file.js';
import { metricsTable } from '../evaluate/metrics-table.js';
import { perClassAccuracies, perClassCsv } from '../evaluate/per-class.js';
import { PrefetchedFiles } from '../evaluate/prefetch-files.js';
import { readDownstreamPrior } from '../evaluate/downstream-prior.js';
import { parseGivenTemperature, zeroShotTemperature } from '../evaluate/temperatures.js';
import { terminalTable } from '../terminal-table.js';
import { checkOutputNotInput } from '../check-output-not-input.js';
import { parseNumberFlag, strictNumber } from '../number-flag.js';
import { assertFiniteResult } from '../finite-output.js';
import { withoutUndefinedMetrics } from '../undefined-metrics.js';

/** Options of `gla evaluate`, as the flags give them. */
export interface EvaluateCommandOptions {
  labels: string;
  zeroShot: string;
  fineTuned: string;
  prior: string;
  trainLabels?: string;
  /** Output-ensemble weight of the fine-tuned logits; default '0.5'. */
  alpha?: string;
  /** WiSE-FT logits, each `<alpha>=<file.npy>`. */
  wiseFt?: string[];
  /** Output-ensemble sweep: true for 0, 0.1, ..., 1, or a comma-separated list. */
  sweep?: string | boolean;
  /** Zero-shot temperature: default the one recorded in the prior file (else 1); a number or `none` overrides. */
  zeroShotTemperature?: string;
  /** Fine-tuned temperature: a number or `none`; default 1. */
  fineTunedTemperature?: string;
  /** Per-class accuracies CSV. */
  perClass?: string;
  /** Output file, or `-` for stdout. */
  out: string;
  /** json, md, csv or tex; default from the --out extension. */
  format?: string;
  /** Worker threads; default every core (results do not depend on it). */
  threads?: string;
  /**
   * Rows read and scored at a time from logits files over 64 MiB: per worker lane for float32 / float64 files
   * (default 256), per chunk for float16 ones (default about 16 MiB of logits).
   */
  chunkRows?: string;
}

function parseNumber(flag: string, value: string | undefined, fallback: number): number {
  return value === undefined ? fallback : parseNumberFlag(flag, value);
}

/**
 * Runs `gla evaluate`: zero-shot, fine-tuned, debiased zero-shot, the output ensemble, WiSE-FT logits at each
 * given alpha, an optional output-ensemble sweep and GLA on one test set. The zero-shot temperature recorded in
 * an estimate-prior file is applied unless a flag overrides it (with a note). Writes JSON, Markdown, CSV or LaTeX
 * (from the --out extension) atomically, or to stdout with `--out -`, and prints the table.
 */
export async function evaluateCommand(
  options: EvaluateCommandOptions,
  log: (line: string) => void,
  stdout: (text: string) => void = (text) => process.stdout.write(text),
): Promise<MetricsFile> {
  const opened: OpenedLogits[] = [];
  const lanes: { pool?: ParallelPool; prefetched?: PrefetchedFiles } = {};
  try {
    return await evaluateOpened(
      options,
      log,
      stdout,
      (file, bytes) => {
        const o = openLogits(file, bytes);
        opened.push(o);
        return o.logits;
      },
      lanes,
    );
  } finally {
    lanes.prefetched?.cancel();
    lanes.pool?.close();
    for (const o of opened) o.close();
  }
}

async function evaluateOpened(
  options: EvaluateCommandOptions,
  log: (line: string) => void,
  stdout: (text: string) => void,
  openFile: (file: string, bytes?: Uint8Array) => Matrix | RowSource,
  lanes: { pool?: ParallelPool; prefetched?: PrefetchedFiles },
): Promise<MetricsFile> {
  const format = outputFormat(options.out, options.format);
  const alpha = parseNumber('--alpha', options.alpha, 0.5);
  if (alpha < 0 || alpha > 1) throw new CliError(messages.badAlpha(alpha));
  const sweepAlphas = parseSweep(options.sweep);
  const wiseFtInputs = parseWiseFt(options.wiseFt);
  const threads = options.threads === undefined ? defaultThreads() : strictNumber(options.threads);
  if (!Number.isInteger(threads) || threads < 1) throw new CliError(messages.badThreads(String(options.threads)));
  const tf = parseGivenTemperature('--fine-tuned-temperature', options.fineTunedTemperature ?? 'none');
  const inputs = {
    '--labels': options.labels,
    '--zero-shot': options.zeroShot,
    '--fine-tuned': options.fineTuned,
    '--prior': options.prior,
    '--train-labels': options.trainLabels,
    ...Object.fromEntries(wiseFtInputs.map((w) => [`--wise-ft ${w.alpha}`, w.file])),
  };
  if (options.out !== '-') {
    checkOutputLocation(options.out);
    checkOutputNotInput(options.out, inputs);
  }
  if (options.perClass !== undefined) {
    checkOutputLocation(options.perClass);
    checkOutputNotInput(options.perClass, inputs);
  }
  // The logits files are read ahead concurrently (on libuv's threads) and the workers start, on the other
  // cores, while this thread reads the labels and the prior.
  const logitFiles = [options.zeroShot, options.fineTuned, ...wiseFtInputs.map((w) => w.file)];
  const prefetched = new PrefetchedFiles(logitFiles, streamAboveBytes());
  lanes.prefetched = prefetched;
  const open = async (file: string) => openFile(file, await prefetched.take(file));
  if (threads > 1) lanes.pool = ParallelPool.start(threads);
  const labels = readLabels(options.labels);
  // Finiteness is checked once, by evaluateRun, under the same file names.
  const zeroShot = await open(options.zeroShot);
  const fineTuned = await open(options.fineTuned);
  if (labels.length !== zeroShot.rows) {
    throw new CliError(`${options.labels}: ${labels.length} labels, but ${options.zeroShot} has ${zeroShot.rows} rows`);
  }
  const wiseFt: { alpha: number; file: string; logits: Matrix | RowSource }[] = [];
  for (const { alpha: a, file } of wiseFtInputs) wiseFt.push({ alpha: a, file, logits: await open(file) });
  for (const w of wiseFt) checkSameShape(w.file, w.logits, options.zeroShot, zeroShot);
  const prior = readPrior(options.prior);
  const recorded = readPriorMetadata(options.prior);
  const downstreamPrior = options.trainLabels ? readDownstreamPrior(options.trainLabels, zeroShot.cols) : undefined;
  const zsTemperature = zeroShotTemperature(options, recorded, log);
  const sum = prior.reduce((s, v) => s + v, 0);
  // The prior file's solver names the GLA row: `paper` (estimate-prior --solver paper) is the authors' estimator.
  const priorRole = recorded.solver === 'paper' ? 'authors' : 'exact';
  const common: EvaluateRunInputs = {
    priorRole,
    labels,
    zeroShot,
    fineTuned,
    pretrainingPrior: prior,
    downstreamPrior,
    alpha,
    zeroShotTemperature: zsTemperature.value,
    fineTunedTemperature: tf,
    threads,
    pool: lanes.pool,
    chunkRows: chunkRows(options.chunkRows),
    perClass: options.perClass !== undefined,
    names: {
      labels: options.labels,
      zeroShot: options.zeroShot,
      fineTuned: options.fineTuned,
      prior: options.prior,
      downstreamPrior: options.trainLabels,
    },
  };
  // The WiSE-FT models are scored in the same call: the zero-shot and fine-tuned logits are checked once, every
  // matrix is read once for its checks, and one pool of workers serves every pass.
  const run = evaluateRun({
    ...common,
    alphas: sweepAlphas,
    wiseFtModels: wiseFt.map((w) => ({ alpha: w.alpha, logits: w.logits, name: w.file })),
  });
  const wiseRuns = run.wiseFtModels ?? [];
  if (Math.abs(sum - 1) > 1e-6) log(messages.priorRenormalised(options.prior, sum));
  const glaId: MethodId = priorRole === 'authors' ? 'gla-authors' : 'gla';
  // The methods whose zero-shot logits are divided by T (registry ids of the rows this run has).
  const adjusted = (['debiased-zero-shot', glaId] as const).filter((id) => run.methods[id]);
  // A metric nothing defines (a group with no test sample) is left out and listed, never NaN or null.
  const wiseMetrics = wiseFt.map((_, i) => wiseRuns[i].metrics);
  const { methods, undefinedMetrics } = withoutUndefinedMetrics({
    ...run.methods,
    ...Object.fromEntries(wiseMetrics.map((m, i) => [`wise-ft ${i}`, m])),
    ...Object.fromEntries(run.sweep.map((s, i) => [`sweep ${i}`, s.metrics])),
  });
  const file: MetricsFile = {
    format: METRICS_FILE_FORMAT,
    methods: Object.fromEntries(Object.keys(run.methods).map((id) => [id, methods[id]])) as MetricsFile['methods'],
    ...(Object.keys(undefinedMetrics).length > 0 ? { undefinedMetrics } : {}),
    wiseFt: markBest(
      wiseFt.map((w, i) => ({
        alpha: w.alpha,
        file: resolve(w.file),
        metrics: methods[`wise-ft ${i}`] as MethodMetrics,
      })),
    ),
    sweep: markBest(run.sweep.map((s, i) => ({ ...s, metrics: methods[`sweep ${i}`] as MethodMetrics }))),
    alpha,
    temperatures: {
      zeroShot: { ...zsTemperature, appliesTo: [...adjusted] },
      fineTuned: {
        value: tf,
        source: options.fineTunedTemperature === undefined ? 'default' : 'flag',
        appliesTo: [glaId],
      },
    },
    prior: {
      file: resolve(options.prior),
      // A sum beyond the largest double (entries of 1e308) is left out: JSON would write it as null.
      ...(Number.isFinite(sum) ? { sum } : { sumOverflows: true }),
      ...(recorded.solver ? { solver: recorded.solver } : {}),
      ...(recorded.temperatureRule ? { temperatureRule: recorded.temperatureRule } : {}),
    },
    samples: labels.length,
    classes: zeroShot.cols,
    groups:
      "thirds of the classes ranked by the pre-training prior, descending; accuracy pooled over each group's test samples",
    downstreamPrior: options.trainLabels ? `label frequencies of ${resolve(options.trainLabels)}` : 'uniform',
    inputs: {
      labels: resolve(options.labels),
      zeroShot: resolve(options.zeroShot),
      fineTuned: resolve(options.fineTuned),
      prior: resolve(options.prior),
      ...(options.trainLabels ? { trainLabels: resolve(options.trainLabels) } : {}),
    },
    ...(options.perClass ? { perClassFile: resolve(options.perClass) } : {}),
  };
  if (options.perClass !== undefined) {
    const table = perClassAccuracies({
      labels,
      classes: zeroShot.cols,
      methods: run.perClass ?? {},
      wiseFt: wiseFt.map((w, i) => ({ alpha: w.alpha, perClass: wiseRuns[i].perClass as Float64Array })),
    });
    await writeTextAtomic(options.perClass, perClassCsv(table));
  }
  assertFiniteResult(file, options.out); // JSON would write NaN and Infinity as null
  const text = await render(file, format);
  if (options.out === '-') stdout(text);
  else {
    await writeTextAtomic(options.out, text);
    for (const line of terminalTable(metricsTable(file))) log(line);
    log(messages.wrote(options.out));
  }
  if (options.perClass !== undefined) log(messages.wrote(options.perClass));
  return file;
}

function checkSameShape(file: string, logits: Shape, referenceFile: string, reference: Shape): void {
  if (logits.rows !== reference.rows || logits.cols !== reference.cols) {
    throw new CliError(
      `${file}: shape (${logits.rows}, ${logits.cols}), but ${referenceFile} has (${reference.rows}, ${reference.cols})`,
    );
  }
}

function chunkRows(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = strictNumber(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(messages.badCount('--chunk-rows', value));
  return n;
}

type Shape = { readonly rows: number; readonly cols: number };

/** The metrics in the chosen format; the table formats come from the report package (loaded only for them). */
async function render(file: MetricsFile, format: OutputFormat): Promise<string> {
  if (format === 'json') return `${JSON.stringify(file, null, 2)}\n`;
  const report = await import('@gla/report');
  const table = metricsTable(file);
  const text =
    format === 'md'
      ? report.toMarkdown(table, { boldBest: true })
      : format === 'csv'
        ? report.toCsv(table)
        : report.toLatex(table, { boldBest: true });
  return text.endsWith('\n') ? text : `${text}\n`;
}
