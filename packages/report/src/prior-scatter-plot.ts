import { spearman } from '@gla/core';
import type { TopLevelSpec } from 'vega-lite';
import { messages } from './messages.js';
import { firstAppearance, paletteFor, plotConfig } from './plot-theme.js';

/** One class's true and estimated pre-training prior under one solver. */
export interface PriorScatterRecord {
  /** Estimator name, e.g. `Paper solver (cooper SGD)`, `Convex solver (L-BFGS)`. */
  solver: string;
  classIndex: number;
  /** Reference prior, e.g. LAION class counts (any positive scale). */
  truePrior: number;
  /** Estimated prior q (any positive scale). */
  estimatedPrior: number;
}

/** Options of {@link priorScatterPlot}. */
export interface PriorScatterPlotOptions {
  /** Panel order. Default: order of first appearance. */
  solvers?: string[];
  /**
   * The one correlation each panel label reports, between true and estimated prior: `spearman`
   * (default; rank correlation, `ρ`, the statistic of the prior-recovery table, computed with
   * `@gla/core`'s `spearman` so the figure and the table print the same number), `pearson` (`r` of
   * the log priors) or `none`.
   */
  correlation?: 'spearman' | 'pearson' | 'none';
  /** `false` is the same as `correlation: 'none'` (kept for older callers). Default true. */
  showCorrelation?: boolean;
  /** Panels per row before wrapping. Default: all in one row. */
  columns?: number;
  /** X axis title (an array gives several lines). Default `True log pre-training prior, log πₚ`. */
  xTitle?: string | string[];
  /** Y axis title. Default two lines: `Estimated log prior, log q` / `(shifted to the same mean)`. */
  yTitle?: string | string[];
  /** Chart title. Default none. */
  title?: string;
  /** Panel size in px. Defaults 240 × 240. */
  width?: number;
  height?: number;
}

/** Pearson correlation of two equal-length samples (NaN when either is constant). */
export function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((s, v) => s + v, 0) / n;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * Estimated against true log prior, one panel per solver: x = ln(true
 * prior), y = ln(estimated prior) shifted so its mean over the panel's
 * classes equals the mean of x (priors are only defined up to scale), and a
 * dashed identity line. Each panel label carries one correlation, Spearman's
 * by default (see `correlation`). Throws if a prior is not positive and finite.
 */
export function priorScatterPlot(
  records: readonly PriorScatterRecord[],
  options: PriorScatterPlotOptions = {},
): TopLevelSpec {
  const plot = 'Prior scatter plot';
  if (records.length === 0) throw new Error(messages.emptyPlotData(plot));
  records.forEach((r, i) => {
    for (const v of [r.truePrior, r.estimatedPrior]) {
      if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) throw new Error(messages.nonPositivePrior(plot, i));
    }
  });
  const solvers = options.solvers ?? firstAppearance(records.map((r) => r.solver));
  const correlation = options.showCorrelation === false ? 'none' : (options.correlation ?? 'spearman');
  const values: { panel: string; kind: string; x: number; y: number; classIndex?: number }[] = [];
  const panels: string[] = [];
  for (const solver of solvers) {
    const mine = records.filter((r) => r.solver === solver);
    if (mine.length === 0) continue;
    const xs = mine.map((r) => Math.log(r.truePrior));
    const raw = mine.map((r) => Math.log(r.estimatedPrior));
    const shift = xs.reduce((s, v) => s + v, 0) / xs.length - raw.reduce((s, v) => s + v, 0) / raw.length;
    const ys = raw.map((v) => v + shift);
    const panel =
      correlation === 'spearman'
        ? `${solver}\nSpearman ρ = ${spearman(
            mine.map((r) => r.truePrior),
            mine.map((r) => r.estimatedPrior),
          ).toFixed(3)}`
        : correlation === 'pearson'
          ? `${solver}\nPearson r = ${pearson(xs, ys).toFixed(3)}`
          : solver;
    panels.push(panel);
    mine.forEach((r, i) => values.push({ panel, kind: 'class', x: xs[i], y: ys[i], classIndex: r.classIndex }));
    const lo = Math.min(...xs, ...ys);
    const hi = Math.max(...xs, ...ys);
    values.push({ panel, kind: 'identity', x: lo, y: lo }, { panel, kind: 'identity', x: hi, y: hi });
  }
  const x = {
    field: 'x',
    type: 'quantitative',
    title: options.xTitle ?? 'True log pre-training prior, log πₚ',
    scale: { zero: false, padding: 8 },
  } as const;
  const y = {
    field: 'y',
    type: 'quantitative',
    title: options.yTitle ?? ['Estimated log prior, log q', '(shifted to the same mean)'],
    scale: { zero: false, padding: 8 },
  } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(options.title ? { title: options.title } : {}),
    data: { values },
    // Panel labels are two lines (solver, then its correlation), so a long name does not widen the gaps.
    facet: {
      field: 'panel',
      type: 'nominal',
      title: null,
      sort: panels,
      header: { labelExpr: "split(datum.value, '\\n')" },
    },
    ...(options.columns !== undefined ? { columns: options.columns } : { columns: panels.length }),
    spec: {
      width: options.width ?? 240,
      height: options.height ?? 240,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'identity'" }],
          mark: { type: 'line', strokeDash: [5, 4], color: '#777', strokeWidth: 1 },
          encoding: { x, y },
        },
        {
          transform: [{ filter: "datum.kind === 'class'" }],
          mark: { type: 'point', filled: true, size: 10, opacity: 0.55 },
          encoding: {
            x,
            y,
            color: {
              field: 'panel',
              type: 'nominal',
              legend: null,
              scale: { domain: panels, range: paletteFor(panels) },
            },
          },
        },
      ],
    },
    config: plotConfig(),
  } as TopLevelSpec;
}
