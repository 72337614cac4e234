import { describe, expect, it } from 'vitest';
import type { PaperMetrics } from '../../../src/paper/run/run-record.js';
import { estimatorEffect } from '../../../src/paper/tables/estimator-effect.js';

// Only the fields the sentences read; differences worked by hand.
const metrics = (m: unknown) => m as PaperMetrics;

describe('estimatorEffect', () => {
  it('many-shot: in-domain and the mean over the shifted domains', () => {
    const text = estimatorEffect(
      metrics({
        kind: 'many-shot',
        shifts: ['a', 'b'],
        inDomain: { methods: { gla: { top1: 0.84 }, 'gla-authors': { top1: 0.825 } } },
        shifted: {
          a: { methods: { gla: { top1: 0.7 }, 'gla-authors': { top1: 0.71 } } },
          b: { methods: { gla: { top1: 0.5 }, 'gla-authors': { top1: 0.5 } } },
        },
      }),
    );
    // 0.84 - 0.825 = +1.50 pp; (0.6 - 0.605) = -0.50 pp
    expect(text).toEqual([
      "The exact estimator changes GLA by +1.50 pp in-domain and -0.50 pp on the shifted domains against the authors' estimator.",
    ]);
  });

  it('few-shot: the mean over seeds at each shot count', () => {
    const row = (method: string, shots: number, mean: number) => ({ dataset: 'X', method, shots, mean, std: 0, n: 3 });
    const text = estimatorEffect(
      metrics({
        kind: 'few-shot',
        summary: [row('gla', 1, 0.6), row('gla-authors', 1, 0.61), row('gla', 4, 0.7), row('gla-authors', 4, 0.69)],
      }),
    );
    expect(text).toEqual([
      "The exact estimator changes GLA's mean top-1 against the authors' estimator by -1.00 pp at 1 shot, +1.00 pp at 4 shots.",
    ]);
  });

  it('long-tail: overall and on the few-shot classes; nothing without both GLA rows', () => {
    const result = (gla: number, authors: number) => ({
      methods: { gla: { top1: gla, groups: { tail: 0.3 } }, 'gla-authors': { top1: authors, groups: { tail: 0.25 } } },
    });
    expect(estimatorEffect(metrics({ kind: 'long-tail', benchmarks: { lt: { result: result(0.5, 0.48) } } }))).toEqual([
      "The exact estimator changes GLA by +2.00 pp overall (+5.00 pp on the few-shot classes) against the authors' estimator.",
    ]);
    expect(
      estimatorEffect(
        metrics({ kind: 'long-tail', benchmarks: { lt: { result: { methods: { gla: { top1: 1 } } } } } }),
      ),
    ).toEqual([]);
  });
});
