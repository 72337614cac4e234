import { readFileSync } from 'node:fs';
import { classPrior, evaluateMethods, METHOD_IDS, methodLabel, type MethodId, type MethodMetrics } from '@gla/core';
import { toCsv, toMarkdown, type ResultTable } from '@gla/report';
import { CliError } from '../cli-error.js';
import { messages } from '../messages.js';
import { readLabels, readLogits, readPrior } from '../read-array-files.js';
import { checkOutputLocation } from '../output-location.js';
import { writeJsonAtomic, writeTextAtomic } from '../write-output.js';

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
  /** Keyed by the method registry's ids, in its order. */
  methods: Partial<Record<MethodId, MethodMetrics>>;
  alpha: number;
  samples: number;
  classes: number;
  groups: string;
  downstreamPrior: string;
  inputs: Record<string, string>;
}

function parseNumber(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new CliError(messages.badNumber(flag, value));
  return n;
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
    rows: METHOD_IDS.filter((id) => file.methods[id]).map((id) => ({
      method: methodLabel(id, file.alpha),
      ...pick(file.methods[id] as MethodMetrics),
    })),
    notes: [
      `${file.samples} test samples, ${file.classes} classes; head / medium / tail: ${file.groups}.`,
      `Output ensemble alpha = ${file.alpha}; downstream prior: ${file.downstreamPrior}.`,
    ],
  };
}

function pick(m: MethodMetrics) {
  return { top1: m.top1, head: m.head, medium: m.medium, tail: m.tail, ece: m.ece };
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
  checkOutputLocation(options.out);
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
  const methods = evaluateMethods({
    priorRole: priorEstimator(options.prior),
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
  const file: MetricsFile = {
    methods,
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
  if (format === 'json') await writeJsonAtomic(options.out, file);
  else await writeTextAtomic(options.out, format === 'md' ? toMarkdown(metricsTable(file)) : toCsv(metricsTable(file)));
  log(messages.wrote(options.out));
  return file;
}

/**
 * The estimator a prior file records (`solver: "paper"` from `gla estimate-prior --solver paper` is the authors'
 * estimator); anything else is taken as the exact one. It names the GLA row.
 */
function priorEstimator(file: string): 'exact' | 'authors' {
  if (file.endsWith('.npy')) return 'exact';
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { solver?: unknown };
    return parsed && typeof parsed === 'object' && parsed.solver === 'paper' ? 'authors' : 'exact';
  } catch {
    // readPrior has already read and parsed this file; the estimator is a label, not worth a second error.
    return 'exact';
  }
}
