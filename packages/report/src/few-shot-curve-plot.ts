import type { TopLevelSpec } from 'vega-lite';
import { requireFiniteRecords } from './check-records.js';
import { legendColumns } from './legend-layout.js';
import { firstAppearance, paletteFor, plotConfig } from './plot-theme.js';

/** Mean accuracy of one method at one shot count (over seeds). */
export interface FewShotPoint {
  method: string;
  /** Labelled training examples per class (1, 2, 4, 8, 16). */
  shots: number;
  /** Mean top-1 accuracy (fraction). */
  mean: number;
  /** Standard deviation over seeds (fraction). Default 0 (no error bar). */
  std?: number;
}

/** Options of {@link fewShotCurvePlot}. */
export interface FewShotCurvePlotOptions {
  /** Method order (legend and colours). Default: order of first appearance. */
  methods?: string[];
  /**
   * Horizontal offset between methods in log2 units, so error bars do not
   * overlap (methods are spread symmetrically around the true shot count).
   * Default 0.04 (±3 %); 0 draws all methods at the exact shot count.
   */
  dodge?: number;
  /** X axis title (an array gives several lines). Default `Number of labeled training examples per class`. */
  xTitle?: string | string[];
  /** Y axis title. Default `Top-1 accuracy (%)`. */
  yTitle?: string | string[];
  /** Chart title. Default none. */
  title?: string;
  /**
   * Caption line under the title saying what the error bars are; shown when any point has a non-zero
   * `std`. Default `Error bars: ± 1 std (standard deviation) over seeds`.
   */
  errorBarCaption?: string;
  /** Plot area size in px. Defaults 360 × 260. */
  width?: number;
  height?: number;
}

/**
 * Few-shot curve: mean top-1 accuracy (%) against shots on a log2 axis
 * (ticks at the shot counts present, e.g. 1 2 4 8 16), one colour and line
 * per method, error bars of ± one std with caps, named in a caption line
 * under the title (`errorBarCaption`). The legend wraps under the plot so
 * the figure is no wider than its content. Returns an editable vega-lite
 * spec with inline data.
 */
export function fewShotCurvePlot(points: readonly FewShotPoint[], options: FewShotCurvePlotOptions = {}): TopLevelSpec {
  requireFiniteRecords('Few-shot curve plot', points, ['shots', 'mean']);
  const methods = options.methods ?? firstAppearance(points.map((p) => p.method));
  const dodge = options.dodge ?? 0.04;
  const shots = [...new Set(points.map((p) => p.shots))].sort((a, b) => a - b);
  const values = points
    .filter((p) => methods.includes(p.method))
    .map((p) => {
      const k = methods.indexOf(p.method);
      const offset = (k - (methods.length - 1) / 2) * dodge;
      const std = p.std ?? 0;
      return {
        method: p.method,
        shots: p.shots,
        x: p.shots * 2 ** offset,
        mean: p.mean * 100,
        low: (p.mean - std) * 100,
        high: (p.mean + std) * 100,
      };
    });
  const x = {
    field: 'x',
    type: 'quantitative',
    title: options.xTitle ?? 'Number of labeled training examples per class',
    scale: { type: 'log', base: 2, domain: [shots[0] / 2 ** 0.3, shots[shots.length - 1] * 2 ** 0.3], nice: false },
    axis: { values: shots, format: 'd', grid: true },
  } as const;
  const width = options.width ?? 360;
  const color = {
    field: 'method',
    type: 'nominal',
    title: null,
    scale: { domain: methods, range: paletteFor(methods) },
    // As many legend columns as fit under the plot: the figure is as wide as its plot, not its legend.
    legend: { orient: 'bottom', direction: 'horizontal', columns: legendColumns(methods, width + 50) },
  } as const;
  const y = {
    field: 'mean',
    type: 'quantitative',
    title: options.yTitle ?? 'Top-1 accuracy (%)',
    scale: { zero: false },
  } as const;
  const layers: object[] = [
    {
      mark: { type: 'errorbar', ticks: { size: 6 }, thickness: 1.2 },
      encoding: { x, y: { field: 'low', type: 'quantitative', title: y.title }, y2: { field: 'high' }, color },
    },
    {
      mark: { type: 'line', strokeWidth: 2 },
      encoding: { x, y, color, order: { field: 'shots', type: 'quantitative' } },
    },
    { mark: { type: 'point', filled: true, size: 40 }, encoding: { x, y, color } },
  ];
  const caption = points.some((p) => (p.std ?? 0) > 0)
    ? (options.errorBarCaption ?? 'Error bars: ± 1 std (standard deviation) over seeds')
    : undefined;
  const title = options.title
    ? { text: options.title, ...(caption ? { subtitle: caption } : {}) }
    : caption
      ? { text: caption, fontSize: 11, fontWeight: 'normal' }
      : undefined;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(title ? { title } : {}),
    width,
    height: options.height ?? 260,
    data: { values },
    layer: layers,
    config: plotConfig(),
  } as TopLevelSpec;
}
