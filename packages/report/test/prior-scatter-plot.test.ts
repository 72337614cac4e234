import { describe, expect, it } from 'vitest';
import { priorScatterPlot, type PriorScatterRecord } from '../src/index.js';

const records = (estimated: number[]): PriorScatterRecord[] =>
  estimated.map((q, c) => ({ solver: 'Exact', classIndex: c, truePrior: c + 1, estimatedPrior: q }));
const panels = (spec: unknown): string[] => (spec as { facet: { sort: string[] } }).facet.sort;

describe('priorScatterPlot correlation', () => {
  it("labels each panel with Spearman's rho, the statistic of the prior-recovery table", () => {
    // Ranks 1..5 against 2 1 4 3 5: sum of squared rank differences 4, rho = 1 - 6*4/(5*24) = 0.8.
    expect(panels(priorScatterPlot(records([2, 1, 4, 3, 5])))).toEqual(['Exact\nSpearman ρ = 0.800']);
    // A tie gets the average rank: ranks 1.5 1.5 3 4 5 against 1..5, rho = 9.5 / sqrt(10 * 9.5) = 0.9747.
    expect(panels(priorScatterPlot(records([1, 1, 2, 3, 4])))).toEqual(['Exact\nSpearman ρ = 0.975']);
  });

  it('can show Pearson r of the log priors instead, or no statistic', () => {
    // log q = 2 log(true prior): perfectly linear, r = 1.
    const squared = records([1, 4, 9, 16, 25]);
    expect(panels(priorScatterPlot(squared, { correlation: 'pearson' }))).toEqual(['Exact\nPearson r = 1.000']);
    expect(panels(priorScatterPlot(squared, { correlation: 'none' }))).toEqual(['Exact']);
    expect(panels(priorScatterPlot(squared, { showCorrelation: false }))).toEqual(['Exact']);
  });
});
