import type { TopLevelSpec } from 'vega-lite';
import { requireFiniteRecords } from './check-records.js';
import { legendColumns } from './legend-layout.js';
import { messages } from './messages.js';
import { plotConfig } from './plot-theme.js';

/** One mixing coefficient of the WiSE-FT weight interpolation. */
export interface AlphaCurvePoint {
  /** Mixing coefficient: 0 = zero-shot weights, 1 = fine-tuned weights. */
  alpha: number;
  /** In-distribution accuracy (fraction). */
  inDomain: number;
  /** Accuracy under distribution shift, e.g. mean over shifted test sets (fraction). */
  shifted: number;
  /**
   * Accuracy on each shifted test set by name (fractions), e.g. `{ 'ImageNet-V2': 0.6, ... }`. When the
   * points carry it, the plot has one panel per shifted test set plus one for `shifted` (the average).
   */
  shiftedBy?: Record<string, number>;
}

/** A single highlighted model, e.g. GLA or the output ensemble. */
export interface HighlightPoint {
  label: string;
  inDomain: number;
  shifted: number;
  /** Accuracy on each shifted test set by name, as in {@link AlphaCurvePoint}; needed for per-shift panels. */
  shiftedBy?: Record<string, number>;
}

/** Options of {@link alphaCurvePlot}. */
export interface AlphaCurvePlotOptions {
  /** Single points drawn on top (e.g. `GLA`, `Output ensemble`). Default none. */
  highlights?: HighlightPoint[];
  /** Name of the curve in the legend. Default `WiSE-FT (α = 0 … 1)`. */
  curveLabel?: string;
  /** Legend label of the smallest-alpha end. Default `Zero-shot (α = <min>)`. */
  zeroShotLabel?: string;
  /** Legend label of the largest-alpha end. Default `Fine-tuned (α = <max>)`. */
  fineTunedLabel?: string;
  /** X axis title (an array gives several lines). Default `In-distribution top-1 accuracy (%)`. */
  xTitle?: string | string[];
  /**
   * Y axis title. Default: two lines `Avg. top-1 accuracy` / `under distribution shift (%)` for a single panel,
   * `Top-1 accuracy (%)` with per-shift panels (each panel is titled by its test set).
   */
  yTitle?: string | string[];
  /** Panel order of the shifted test sets. Default: the keys of the first point's `shiftedBy`, in order. */
  shifts?: string[];
  /** Title of the panel of the average (`shifted`). Default `Average over <n> shifted test sets`. */
  averageTitle?: string;
  /** Panels per row. Default 3. */
  columns?: number;
  /** Chart title. Default none. */
  title?: string;
  /** Plot area size in px, per panel. Defaults 400 × 300 for one panel, 230 × 190 per panel otherwise. */
  width?: number;
  height?: number;
}

/** Marker colours and shapes: the curve in grey, its ends and the highlights in Okabe–Ito colours. */
const CURVE_STYLE = { color: '#555555', shape: 'circle' };
const END_STYLES = [
  { color: '#E69F00', shape: 'triangle-down' },
  { color: '#009E73', shape: 'triangle-up' },
];
const HIGHLIGHT_STYLES = [
  { color: '#D55E00', shape: 'diamond' },
  { color: '#0072B2', shape: 'square' },
  { color: '#CC79A7', shape: 'cross' },
  { color: '#000000', shape: 'triangle-right' },
];

type Row = { series: string; alpha?: number; x: number; y: number };

/**
 * WiSE-FT trade-off curve: in-distribution accuracy (x) against accuracy
 * under distribution shift (y) for each alpha, joined in alpha order; the
 * two ends (zero-shot, fine-tuned) and `highlights` (GLA, output ensemble)
 * as larger distinct markers. When the points carry `shiftedBy`, there is
 * one panel per shifted test set (as in WiSE-FT's own figures) plus one for
 * the average, each with its own y axis and the same x axis. Every marker
 * is named in one shared legend under the panels, laid out in as many
 * columns as fit the figure's width; the plot has no free-floating text
 * labels, so no label can overlap a point, another label or the frame.
 * Axes in percent, not forced to start at zero, padded so markers stay
 * inside the frame.
 * @throws Error when a value is not finite or a per-shift panel lacks a point's value.
 */
export function alphaCurvePlot(curve: readonly AlphaCurvePoint[], options: AlphaCurvePlotOptions = {}): TopLevelSpec {
  const plot = 'Alpha curve plot';
  requireFiniteRecords(plot, curve, ['alpha', 'inDomain', 'shifted']);
  const highlights = options.highlights ?? [];
  if (highlights.length > 0) requireFiniteRecords(plot, highlights, ['inDomain', 'shifted']);
  const sorted = [...curve].sort((a, b) => a.alpha - b.alpha);
  const shifts = options.shifts ?? Object.keys(sorted.find((p) => p.shiftedBy)?.shiftedBy ?? {});
  const multi = shifts.length > 0;
  const accuracyOf = (p: AlphaCurvePoint | HighlightPoint, shift: string | null, i: number): number => {
    const v = shift === null ? p.shifted : p.shiftedBy?.[shift];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(messages.missingShiftValue(plot, shift ?? '', i));
    return v * 100;
  };

  const curveLabel = options.curveLabel ?? 'WiSE-FT (α = 0 … 1)';
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const ends = [
    { label: options.zeroShotLabel ?? `Zero-shot (α = ${first.alpha})`, point: first },
    ...(sorted.length > 1 ? [{ label: options.fineTunedLabel ?? `Fine-tuned (α = ${last.alpha})`, point: last }] : []),
  ];
  const domain = [curveLabel, ...ends.map((e) => e.label), ...highlights.map((h) => h.label)];
  const styles = [
    CURVE_STYLE,
    ...END_STYLES.slice(0, ends.length),
    ...highlights.map((_, i) => HIGHLIGHT_STYLES[i % HIGHLIGHT_STYLES.length]),
  ];

  const width = options.width ?? (multi ? 230 : 400);
  const height = options.height ?? (multi ? 190 : 300);
  const columns = Math.max(1, Math.min(options.columns ?? 3, shifts.length + 1));
  const panelTitles = [...shifts, options.averageTitle ?? `Average over ${shifts.length} shifted test sets`];
  const x = {
    field: 'x',
    type: 'quantitative',
    title: options.xTitle ?? 'In-distribution top-1 accuracy (%)',
    scale: { zero: false, padding: 14 },
  } as const;
  const yTitle =
    options.yTitle ?? (multi ? 'Top-1 accuracy (%)' : ['Avg. top-1 accuracy', 'under distribution shift (%)']);
  const figureWidth = multi ? columns * (width + 70) : width + 60;
  const legend = {
    orient: 'bottom',
    direction: 'horizontal',
    columns: legendColumns(domain, figureWidth),
    symbolStrokeWidth: 1.5,
  } as const;
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain, range: styles.map((s) => s.color) } };
  const shape = { field: 'series', type: 'nominal', title: null, scale: { domain, range: styles.map((s) => s.shape) } };

  const panel = (shift: string | null, index: number): object => {
    const curveRows: Row[] = sorted.map((p, i) => ({
      series: curveLabel,
      alpha: p.alpha,
      x: p.inDomain * 100,
      y: accuracyOf(p, shift, i),
    }));
    const markers: Row[] = [
      ...ends.map((e) => ({ series: e.label, x: e.point.inDomain * 100, y: accuracyOf(e.point, shift, 0) })),
      ...highlights.map((h, i) => ({ series: h.label, x: h.inDomain * 100, y: accuracyOf(h, shift, i) })),
    ];
    const y = {
      field: 'y',
      type: 'quantitative',
      title: !multi || index % columns === 0 ? yTitle : null,
      scale: { zero: false, padding: 14 },
    } as const;
    const enc = { x, y, color: { ...color, legend }, shape: { ...shape, legend } };
    return {
      ...(multi ? { title: { text: panelTitles[index], fontSize: 12, fontWeight: 'normal', anchor: 'middle' } } : {}),
      width,
      height,
      layer: [
        {
          data: { values: curveRows },
          mark: { type: 'line', strokeWidth: 1.5, color: CURVE_STYLE.color },
          encoding: { x, y, order: { field: 'alpha', type: 'quantitative' } },
        },
        { data: { values: curveRows }, mark: { type: 'point', filled: true, size: 30 }, encoding: enc },
        {
          data: { values: markers },
          mark: { type: 'point', filled: true, size: 130, stroke: 'white', strokeWidth: 1, opacity: 1 },
          encoding: enc,
        },
      ],
    };
  };

  const config = { ...plotConfig(), legend: { ...plotConfig().legend, symbolSize: 110 } };
  const top = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(options.title ? { title: options.title } : {}),
    config,
  };
  if (!multi) return { ...top, ...(panel(null, 0) as object) } as TopLevelSpec;
  return {
    ...top,
    columns,
    concat: [...shifts.map((s, i) => panel(s, i)), panel(null, shifts.length)],
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}
