import { checkTemperature, classPrior, evaluateMethods, METHOD_NAMES, type MethodName } from '@gla/core';
import { toCsv, toMarkdown, type ResultTable } from '@gla/report';
import { CliError } from '../cli-error.js';
import { messages } from '../messages.js';
import { readLabels, readLogits, readPrior } from '../read-array-files.js';
import { checkOutputLocation } from '../output-location.js';
import { writeJsonAtomic, writeTextAtomic } from '../write-output.js';
import { checkOutputNotInput } from '../check-output-not-input.js';
import { parseNumberFlag } from '../number-flag.js';
import { assertFiniteResult } from '../finite-output.js';
import { type ReportedMetrics, withoutUndefinedMetrics } from '../undefined-metrics.js';

/** Options of `gla evaluate`, as the flags give them. */
export interface EvaluateCommandOptions {
  labels: string;
  zeroShot: string;
  fineTuned: string;
  prior: string;
  trainLabels?: string;
  /** Output-ensemble weight of the fine-tuned logits; default '0.5'. */
  alpha?: string;
  zeroShotTemperature?: string;
  fineTunedTemperature?: string;
  out: string;
  /** 'json' (default), 'md' or 'csv'. */
  format?: string;
}

/** The JSON `gla evaluate` writes. */
export interface MetricsFile {
  /** Metrics per method; a metric nothing defines (a group with no test sample) is left out, never NaN. */
  methods: Record<MethodName, ReportedMetrics>;
  /** The metrics left out and why; absent when none. */
  undefinedMetrics?: Record<string, string>;
  alpha: number;
  samples: number;
  classes: number;
  groups: string;
  downstreamPrior: string;
  inputs: Record<string, string>;
}

const HEADERS: Record<MethodName, string> = {
  'zero-shot': 'Zero-shot',
  'fine-tuned': 'Fine-tuned',
  'debiased-zero-shot': 'Debiased zero-shot',
  ensemble: 'Output ensemble',
  gla: 'GLA',
};

function parseNumber(flag: string, value: string | undefined, fallback: number): number {
  return value === undefined ? fallback : parseNumberFlag(flag, value);
}

/** The metrics as a report table (accuracies as fractions, printed as percentages). */
export function metricsTable(file: MetricsFile): ResultTable {
  return {
    title: 'GLA evaluation',
    columns: [
      { key: 'method', header: 'Method', kind: 'text' },
      { key: 'top1', header: 'Top-1', kind: 'percent' },
      { key: 'head', header: 'Head', kind: 'percent' },
      { key: 'medium', header: 'Medium', kind: 'percent' },
      { key: 'tail', header: 'Tail', kind: 'percent' },
      { key: 'ece', header: 'ECE', kind: 'percent', best: 'min' },
    ],
    rows: METHOD_NAMES.map((name) => ({ method: HEADERS[name], ...pick(file.methods[name]) })),
    notes: [
      `${file.samples} test samples, ${file.classes} classes; head / medium / tail: ${file.groups}.`,
      `Output ensemble alpha = ${file.alpha}; downstream prior: ${file.downstreamPrior}.`,
    ],
  };
}

function pick(m: ReportedMetrics) {
  const cell = (v: number | undefined) => v ?? null; // printed as n/a
  return { top1: cell(m.top1), head: cell(m.head), medium: cell(m.medium), tail: cell(m.tail), ece: cell(m.ece) };
}

/** Runs `gla evaluate`: every method on one test set, written atomically as JSON, Markdown or CSV. */
export async function evaluateCommand(
  options: EvaluateCommandOptions,
  log: (line: string) => void,
): Promise<MetricsFile> {
  const format = options.format ?? 'json';
  if (!['json', 'md', 'csv'].includes(format)) throw new CliError(messages.badFormat(format));
  const alpha = parseNumber('--alpha', options.alpha, 0.5);
  if (alpha < 0 || alpha > 1) throw new CliError(messages.badAlpha(alpha));
  const tz = parseNumber('--zero-shot-temperature', options.zeroShotTemperature, 1);
  const tf = parseNumber('--fine-tuned-temperature', options.fineTunedTemperature, 1);
  checkTemperature(tz, '--zero-shot-temperature');
  checkTemperature(tf, '--fine-tuned-temperature');
  checkOutputLocation(options.out);
  checkOutputNotInput(options.out, {
    '--labels': options.labels,
    '--zero-shot': options.zeroShot,
    '--fine-tuned': options.fineTuned,
    '--prior': options.prior,
    '--train-labels': options.trainLabels,
  });
  const labels = readLabels(options.labels);
  const zeroShot = readLogits(options.zeroShot);
  const fineTuned = readLogits(options.fineTuned);
  if (labels.length !== zeroShot.rows) {
    throw new CliError(`${options.labels}: ${labels.length} labels, but ${options.zeroShot} has ${zeroShot.rows} rows`);
  }
  const prior = readPrior(options.prior);
  let downstreamPrior: Float64Array | undefined;
  if (options.trainLabels) {
    const trainLabels = readLabels(options.trainLabels);
    for (let i = 0; i < trainLabels.length; i++) {
      if (trainLabels[i] < 0 || trainLabels[i] >= zeroShot.cols) {
        throw new CliError(
          `${options.trainLabels}: label ${trainLabels[i]} at index ${i} is outside [0, ${zeroShot.cols})`,
        );
      }
    }
    downstreamPrior = classPrior(trainLabels, zeroShot.cols);
    const empty = downstreamPrior.indexOf(0);
    if (empty >= 0)
      throw new CliError(`${options.trainLabels}: class ${empty} has no training sample, so log pi_s is undefined`);
  }
  const sum = prior.reduce((s, v) => s + v, 0);
  const evaluated = evaluateMethods({
    labels,
    zeroShot,
    fineTuned,
    pretrainingPrior: prior,
    downstreamPrior,
    alpha,
    zeroShotTemperature: tz,
    fineTunedTemperature: tf,
    names: {
      labels: options.labels,
      zeroShot: options.zeroShot,
      fineTuned: options.fineTuned,
      prior: options.prior,
      downstreamPrior: options.trainLabels,
    },
  });
  if (Math.abs(sum - 1) > 1e-6) log(messages.priorRenormalised(options.prior, sum));
  const { methods, undefinedMetrics } = withoutUndefinedMetrics(evaluated);
  const file: MetricsFile = {
    methods,
    ...(Object.keys(undefinedMetrics).length > 0 ? { undefinedMetrics } : {}),
    alpha,
    samples: labels.length,
    classes: zeroShot.cols,
    groups:
      "thirds of the classes ranked by the pre-training prior, descending; accuracy pooled over each group's test samples",
    downstreamPrior: options.trainLabels ? `label frequencies of ${options.trainLabels}` : 'uniform',
    inputs: {
      labels: options.labels,
      zeroShot: options.zeroShot,
      fineTuned: options.fineTuned,
      prior: options.prior,
      ...(options.trainLabels ? { trainLabels: options.trainLabels } : {}),
    },
  };
  assertFiniteResult(file, options.out);
  if (format === 'json') await writeJsonAtomic(options.out, file);
  else await writeTextAtomic(options.out, format === 'md' ? toMarkdown(metricsTable(file)) : toCsv(metricsTable(file)));
  log(messages.wrote(options.out));
  return file;
}
