import type { FewShotResult } from './run-few-shot.js';
import type { LongTailResult } from './run-long-tail.js';
import type { ManyShotResult } from './run-many-shot.js';

/** `+1.23 pp` (signed, two decimals) of a difference of fractions. */
const pp = (a: number, b: number) => `${a >= b ? '+' : ''}${((a - b) * 100).toFixed(2)} pp`;

/**
 * How much the exact estimator changes GLA against the authors' estimator, in each table, from the numbers of
 * this run (the paper ran the authors' estimator; the exact one is this project's).
 */
export const estimatorEffect = {
  manyShot(result: ManyShotResult): string {
    const row = (id: string) => result.rows.find((r) => r.method === id);
    const exact = row('gla');
    const authors = row('gla-authors');
    if (!exact || !authors) return '';
    const shifted = (r: NonNullable<typeof exact>) => r.shifted.reduce((s, v) => s + v, 0) / r.shifted.length;
    return `The exact estimator changes GLA by ${pp(exact.scores.top1, authors.scores.top1)} in-domain and ${pp(shifted(exact), shifted(authors))} on the shifted domains against the authors' estimator.`;
  },
  fewShot(result: FewShotResult): string {
    const at = (id: string, k: number) => result.summary.find((s) => s.method === id && s.shots === k)?.mean;
    const shots = [...new Set(result.summary.map((s) => s.shots))];
    const parts = shots.flatMap((k) => {
      const e = at('gla', k);
      const a = at('gla-authors', k);
      return e === undefined || a === undefined ? [] : [`${pp(e, a)} at ${k} shot${k === 1 ? '' : 's'}`];
    });
    return parts.length === 0
      ? ''
      : `The exact estimator changes GLA's mean top-1 against the authors' estimator by ${parts.join(', ')}.`;
  },
  longTail(result: LongTailResult): string {
    const exact = result.rows.find((r) => r.method === 'gla');
    const authors = result.rows.find((r) => r.method === 'gla-authors');
    if (!exact || !authors) return '';
    return `The exact estimator changes GLA by ${pp(exact.scores.top1, authors.scores.top1)} overall (${pp(exact.scores.tail, authors.scores.tail)} on the few-shot classes) against the authors' estimator.`;
  },
};
