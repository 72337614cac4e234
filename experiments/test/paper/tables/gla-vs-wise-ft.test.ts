import { describe, expect, it } from 'vitest';
import type { PaperMetrics } from '../../../src/paper/run/run-record.js';
import { glaVsWiseFt } from '../../../src/paper/tables/gla-vs-wise-ft.js';

// Only the fields the sentences read; differences worked by hand.
const metrics = (m: unknown) => m as PaperMetrics;
const top1 = (gla: number, wise: number) => ({ methods: { gla: { top1: gla }, 'wise-ft': { top1: wise } } });

describe('glaVsWiseFt', () => {
  it('many-shot: the differences, and which side GLA loses on', () => {
    const m = (inDomain: [number, number]) =>
      metrics({
        kind: 'many-shot',
        shifts: ['a', 'b'],
        inDomain: top1(...inDomain),
        shifted: { a: top1(0.6, 0.62), b: top1(0.5, 0.5) },
      });
    // in-domain 0.84 - 0.82 = +2.00 pp; shifted (0.55 - 0.56) = -1.00 pp
    expect(glaVsWiseFt(m([0.84, 0.82]))).toEqual([
      'GLA vs WiSE-FT: +2.00 pp in-domain, -1.00 pp on the shifted domains.',
      'GLA does NOT beat WiSE-FT on the shifted domains in this setting.',
    ]);
    expect(glaVsWiseFt(m([0.8, 0.82]))[1]).toBe('GLA does NOT beat WiSE-FT in-domain in this setting.');
  });

  it('few-shot: the shot counts where GLA loses; long-tail: overall', () => {
    const row = (method: string, shots: number, mean: number) => ({ dataset: 'X', method, shots, mean, std: 0, n: 3 });
    const few = (g4: number) =>
      metrics({
        kind: 'few-shot',
        summary: [row('gla', 1, 0.5), row('wise-ft', 1, 0.6), row('gla', 4, g4), row('wise-ft', 4, 0.7)],
      });
    expect(glaVsWiseFt(few(0.75))).toEqual(['GLA does NOT beat WiSE-FT at 1 shot(s) here.']);
    expect(glaVsWiseFt(few(0.65))).toEqual(['GLA does NOT beat WiSE-FT at 1, 4 shot(s) here.']);
    expect(glaVsWiseFt(metrics({ kind: 'long-tail', benchmarks: { lt: { result: top1(0.8, 0.78) } } }))).toEqual([
      'GLA beats WiSE-FT overall here.',
    ]);
    expect(glaVsWiseFt(metrics({ kind: 'long-tail', benchmarks: { lt: { result: top1(0.7, 0.78) } } }))).toEqual([
      'GLA does NOT beat WiSE-FT overall here.',
    ]);
  });
});
