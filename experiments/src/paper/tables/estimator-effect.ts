import type { FewShotMetrics } from '../pipelines/few-shot-pipeline.js';
import type { LongTailMetrics } from '../pipelines/long-tail-pipeline.js';
import type { ManyShotMetrics } from '../pipelines/many-shot-pipeline.js';
import type { PaperMetrics } from '../run/run-record.js';

/** `+1.23 pp` (signed, two decimals) of a difference of fractions. */
const pp = (a: number, b: number) => `${a >= b ? '+' : ''}${((a - b) * 100).toFixed(2)} pp`;
const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;

function manyShot(m: ManyShotMetrics): string[] {
  const exact = m.inDomain.methods.gla;
  const authors = m.inDomain.methods['gla-authors'];
  if (!exact || !authors) return [];
  const shifted = (id: 'gla' | 'gla-authors') => m.shifts.map((s) => m.shifted[s]?.methods[id]?.top1);
  const e = shifted('gla');
  const a = shifted('gla-authors');
  const both = m.shifts.length > 0 && [...e, ...a].every((v) => v !== undefined);
  return [
    `The exact estimator changes GLA by ${pp(exact.top1, authors.top1)} in-domain${both ? ` and ${pp(mean(e as number[]), mean(a as number[]))} on the shifted domains` : ''} against the authors' estimator.`,
  ];
}

function fewShot(m: FewShotMetrics): string[] {
  // Per dataset (the average row when there are several): the mean over seeds at each shot count.
  const datasets = [...new Set(m.summary.map((s) => s.dataset))];
  return datasets.flatMap((dataset) => {
    const at = (id: string, k: number) =>
      m.summary.find((s) => s.dataset === dataset && s.method === id && s.shots === k)?.mean;
    const shots = [...new Set(m.summary.filter((s) => s.dataset === dataset).map((s) => s.shots))];
    const parts = shots.flatMap((k) => {
      const e = at('gla', k);
      const a = at('gla-authors', k);
      return e === undefined || a === undefined ? [] : [`${pp(e, a)} at ${k} shot${k === 1 ? '' : 's'}`];
    });
    const where = datasets.length > 1 ? ` on ${dataset}` : '';
    return parts.length === 0
      ? []
      : [`The exact estimator changes GLA's mean top-1${where} against the authors' estimator by ${parts.join(', ')}.`];
  });
}

function longTail(m: LongTailMetrics): string[] {
  const names = Object.keys(m.benchmarks);
  return names.flatMap((b) => {
    const { methods } = m.benchmarks[b].result;
    const exact = methods.gla;
    const authors = methods['gla-authors'];
    if (!exact || !authors) return [];
    const few =
      exact.groups?.tail !== undefined && authors.groups?.tail !== undefined
        ? ` (${pp(exact.groups.tail, authors.groups.tail)} on the few-shot classes)`
        : '';
    const where = names.length > 1 ? ` on ${b}` : '';
    return [
      `The exact estimator changes GLA by ${pp(exact.top1, authors.top1)} overall${few}${where} against the authors' estimator.`,
    ];
  });
}

/**
 * How much the exact estimator changes GLA against the authors' estimator (whose q the paper ran), one sentence per
 * table or benchmark, from a run's own numbers (differences of fractions printed in percentage points, two
 * decimals). Empty when the run lacks either GLA row.
 */
export function estimatorEffect(metrics: PaperMetrics): string[] {
  return metrics.kind === 'many-shot'
    ? manyShot(metrics)
    : metrics.kind === 'few-shot'
      ? fewShot(metrics)
      : longTail(metrics);
}
