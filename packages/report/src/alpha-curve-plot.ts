import type { TopLevelSpec } from 'vega-lite';
import { requireFiniteRecords } from './check-records.js';
import { PLOT_PALETTE, plotConfig } from './plot-theme.js';

/** One mixing coefficient of the WiSE-FT weight interpolation. */
export interface AlphaCurvePoint {
  /** Mixing coefficient: 0 = zero-shot weights, 1 = fine-tuned weights. */
  alpha: number;
  /** In-distribution accuracy (fraction). */
  inDomain: number;
  /** Accuracy under distribution shift, e.g. mean over shifted test sets (fraction). */
  shifted: number;
}

/** A single highlighted model, e.g. GLA or the output ensemble. */
export interface HighlightPoint {
  label: string;
  inDomain: number;
  shifted: number;
}

/** Options of {@link alphaCurvePlot}. */
export interface AlphaCurvePlotOptions {
  /** Single points drawn on top (e.g. `GLA`, `Output ensemble`). Default none. */
  highlights?: HighlightPoint[];
  /** Name of the curve in the legend. Default `WiSE-FT (α = 0 … 1)`. */
  curveLabel?: string;
  /** Label of the smallest-alpha end. Default `Zero-shot (α = <min>)`. */
  zeroShotLabel?: string;
  /** Label of the largest-alpha end. Default `Fine-tuned (α = <max>)`. */
  fineTunedLabel?: string;
  /** X axis title (an array gives several lines). Default `In-distribution top-1 accuracy (%)`. */
  xTitle?: string | string[];
  /** Y axis title. Default two lines: `Avg. top-1 accuracy` / `under distribution shift (%)`. */
  yTitle?: string | string[];
  /** Chart title. Default none. */
  title?: string;
  /** Plot area size in px. Defaults 400 × 300. */
  width?: number;
  height?: number;
}

/**
 * WiSE-FT trade-off curve: in-distribution accuracy (x) against accuracy
 * under distribution shift (y) for each alpha, joined in alpha order, with
 * the two ends labelled as zero-shot and fine-tuned, and `highlights` (GLA,
 * output ensemble) as larger distinct points with their own legend entries
 * and labels. Axes in percent, not forced to start at zero.
 */
export function alphaCurvePlot(curve: readonly AlphaCurvePoint[], options: AlphaCurvePlotOptions = {}): TopLevelSpec {
  requireFiniteRecords('Alpha curve plot', curve, ['alpha', 'inDomain', 'shifted']);
  const highlights = options.highlights ?? [];
  if (highlights.length > 0) requireFiniteRecords('Alpha curve plot', highlights, ['inDomain', 'shifted']);
  const curveLabel = options.curveLabel ?? 'WiSE-FT (α = 0 … 1)';
  const sorted = [...curve].sort((a, b) => a.alpha - b.alpha);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const points = sorted.map((p) => ({ series: curveLabel, alpha: p.alpha, x: p.inDomain * 100, y: p.shifted * 100 }));
  const ends = [
    { ...points[0], label: options.zeroShotLabel ?? `Zero-shot (α = ${first.alpha})`, align: 'left' },
    ...(sorted.length > 1
      ? [
          {
            ...points[points.length - 1],
            label: options.fineTunedLabel ?? `Fine-tuned (α = ${last.alpha})`,
            align: 'right',
          },
        ]
      : []),
  ];
  const marked = highlights.map((h) => ({ series: h.label, x: h.inDomain * 100, y: h.shifted * 100 }));
  const domain = [curveLabel, ...highlights.map((h) => h.label)];
  const range = domain.map((_, i) => (i === 0 ? '#555555' : PLOT_PALETTE[(i - 1) % PLOT_PALETTE.length]));
  const shapes = domain.map((_, i) =>
    i === 0 ? 'circle' : ['diamond', 'square', 'triangle-up', 'cross'][(i - 1) % 4],
  );
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain, range } } as const;
  const shape = { field: 'series', type: 'nominal', title: null, scale: { domain, range: shapes } } as const;
  const x = {
    field: 'x',
    type: 'quantitative',
    title: options.xTitle ?? 'In-distribution top-1 accuracy (%)',
    scale: { zero: false, padding: 24 },
  } as const;
  const y = {
    field: 'y',
    type: 'quantitative',
    title: options.yTitle ?? ['Avg. top-1 accuracy', 'under distribution shift (%)'],
    scale: { zero: false, padding: 24 },
  } as const;
  const layers: object[] = [
    {
      data: { values: points },
      mark: { type: 'line', strokeWidth: 1.5 },
      encoding: { x, y, color, order: { field: 'alpha', type: 'quantitative' } },
    },
    { data: { values: points }, mark: { type: 'point', filled: true, size: 36 }, encoding: { x, y, color, shape } },
    {
      data: { values: ends.filter((e) => e.align === 'left') },
      mark: { type: 'text', align: 'left', dx: 6, dy: 12, fontSize: 11, color: '#222' },
      encoding: { x, y, text: { field: 'label' } },
    },
    {
      data: { values: ends.filter((e) => e.align === 'right') },
      mark: { type: 'text', align: 'right', dx: -6, dy: -12, fontSize: 11, color: '#222' },
      encoding: { x, y, text: { field: 'label' } },
    },
  ];
  if (marked.length > 0) {
    layers.push(
      {
        data: { values: marked },
        mark: { type: 'point', filled: true, size: 150, stroke: 'white', strokeWidth: 1 },
        encoding: { x, y, color, shape },
      },
      {
        data: { values: marked },
        mark: { type: 'text', align: 'left', dx: 9, dy: -9, fontSize: 11, fontWeight: 'bold' },
        encoding: { x, y, text: { field: 'series' }, color },
      },
    );
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(options.title ? { title: options.title } : {}),
    width: options.width ?? 400,
    height: options.height ?? 300,
    layer: layers,
    config: { ...plotConfig(), legend: { ...plotConfig().legend, orient: 'bottom', direction: 'horizontal' } },
  } as TopLevelSpec;
}
