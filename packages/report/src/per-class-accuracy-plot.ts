import type { TopLevelSpec } from 'vega-lite';
import { requireFiniteRecords } from './check-records.js';
import { defaultSmoothingWindow, movingAverage } from './moving-average.js';
import { legendColumns } from './legend-layout.js';
import { firstAppearance, paletteFor, plotConfig } from './plot-theme.js';

/** One class's accuracy under one method. */
export interface PerClassAccuracyRecord {
  /** Method name, e.g. `Zero-shot`, `Fine-tuned`, `GLA`. */
  method: string;
  /** Class index (identifies the class across methods). */
  classIndex: number;
  /** Per-class top-1 accuracy as a fraction in [0, 1]. */
  accuracy: number;
  /** Estimated pre-training prior of the class (any positive scale); sets the rank. */
  prior: number;
}

/** Options of {@link perClassAccuracyPlot}. */
export interface PerClassAccuracyPlotOptions {
  /** Moving-average window in classes. Default `max(1, round(K / 20))` for K classes. */
  window?: number;
  /** Also draw the unsmoothed per-class points, faintly. Default false. */
  showRaw?: boolean;
  /** Ranks after which a dashed divider is drawn, e.g. `[333, 666]` for head/medium/tail. Default none. */
  cuts?: number[];
  /** Labels of the segments the cuts make (cuts.length + 1), shown at the top. Default none. */
  cutLabels?: string[];
  /**
   * Method order (legend and colours). Default: order of first appearance. Any number of methods:
   * pass WiSE-FT and the output ensemble next to zero-shot, fine-tuned and GLA to show what each does
   * to the tail classes.
   */
  methods?: string[];
  /** Methods drawn with dashed lines (e.g. the ensembles, so they read apart from the single models). Default none. */
  dashed?: string[];
  /** Chart title. Default none. */
  title?: string;
  /** Plot area size in px. Defaults 480 × 280. */
  width?: number;
  height?: number;
}

/** Dash patterns (px on, px off) given to the `dashed` methods in turn. */
const DASHES: number[][] = [
  [6, 3],
  [2, 3],
  [9, 3, 2, 3],
];

/** Rank (1 = largest prior) of each class index; ties broken by class index. */
export function rankByPrior(
  records: readonly Pick<PerClassAccuracyRecord, 'classIndex' | 'prior'>[],
): Map<number, number> {
  const prior = new Map<number, number>();
  for (const r of records) if (!prior.has(r.classIndex)) prior.set(r.classIndex, r.prior);
  const order = [...prior.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return new Map(order.map(([cls], i) => [cls, i + 1]));
}

/**
 * Per-class accuracy against class rank by estimated pre-training prior
 * (head → tail), one coloured line per method (the paper's Figure 1 idea),
 * `dashed` ones dashed, named in a legend under the plot that wraps into as
 * many columns as fit its width.
 * Classes are ranked by the `prior` of their first record; each method's
 * accuracies, in rank order, are smoothed by a centred moving average
 * (`window`, default K/20, truncated at the ends). Y is in percent. Returns
 * an editable vega-lite spec with inline data.
 */
export function perClassAccuracyPlot(
  records: readonly PerClassAccuracyRecord[],
  options: PerClassAccuracyPlotOptions = {},
): TopLevelSpec {
  requireFiniteRecords('Per-class accuracy plot', records, ['classIndex', 'accuracy', 'prior']);
  const rank = rankByPrior(records);
  const window = options.window ?? defaultSmoothingWindow(rank.size);
  const methods = options.methods ?? firstAppearance(records.map((r) => r.method));
  const palette = paletteFor(methods);
  const values: { method: string; rawColor: string; rank: number; accuracy: number; smoothed: number }[] = [];
  for (const [k, method] of methods.entries()) {
    const mine = records
      .filter((r) => r.method === method)
      .map((r) => ({ rank: rank.get(r.classIndex) as number, accuracy: r.accuracy * 100 }))
      .sort((a, b) => a.rank - b.rank);
    const smooth = movingAverage(
      mine.map((m) => m.accuracy),
      window,
    );
    mine.forEach((m, i) =>
      values.push({ method, rawColor: palette[k], rank: m.rank, accuracy: m.accuracy, smoothed: smooth[i] }),
    );
  }
  const color = { field: 'method', type: 'nominal', title: null, scale: { domain: methods, range: palette } } as const;
  const dashed = new Set(options.dashed ?? []);
  const dash = {
    field: 'method',
    type: 'nominal',
    title: null,
    // Each dashed method its own pattern: two ensembles that coincide (linear heads) still show both.
    scale: {
      domain: methods,
      range: methods.map((m) =>
        dashed.has(m) ? DASHES[[...dashed].filter((d) => methods.includes(d)).indexOf(m) % DASHES.length] : [1, 0],
      ),
    },
  } as const;
  const width = options.width ?? 480;
  const legend = {
    orient: 'bottom',
    direction: 'horizontal',
    columns: legendColumns(methods, width + 75),
    symbolType: 'stroke',
    symbolStrokeWidth: 3,
    symbolSize: 260,
  } as const;
  const x = {
    field: 'rank',
    type: 'quantitative',
    title: 'Class rank by estimated pre-training prior (head → tail)',
    scale: { domain: [1, rank.size], nice: false },
    axis: { format: 'd' },
  } as const;
  const yTitle = ['Per-class top-1 accuracy (%)', `moving average over ${window} class${window === 1 ? '' : 'es'}`];
  const layers: object[] = [];
  if (options.showRaw) {
    layers.push({
      mark: { type: 'point', filled: true, size: 6, opacity: 0.18 },
      // Literal colours (no scale) keep the faint points out of the legend.
      encoding: {
        x,
        y: { field: 'accuracy', type: 'quantitative' },
        fill: { field: 'rawColor', type: 'nominal', scale: null },
      },
    });
  }
  layers.push({
    mark: { type: 'line', strokeWidth: 2, interpolate: 'linear' },
    encoding: {
      x,
      y: { field: 'smoothed', type: 'quantitative', title: yTitle, scale: { domain: [0, 100] } },
      color: { ...color, legend },
      ...(dashed.size > 0 ? { strokeDash: { ...dash, legend } } : {}),
      order: { field: 'rank', type: 'quantitative' },
    },
  });
  const cuts = options.cuts ?? [];
  if (cuts.length > 0) {
    layers.push({
      data: { values: cuts.map((c) => ({ cut: c + 0.5 })) },
      mark: { type: 'rule', strokeDash: [4, 3], color: '#666', strokeWidth: 1 },
      encoding: { x: { field: 'cut', type: 'quantitative' } },
    });
  }
  const labels = options.cutLabels ?? [];
  if (labels.length > 0) {
    const edges = [0, ...cuts, rank.size];
    layers.push({
      data: {
        values: labels.map((label, i) => ({ label, mid: ((edges[i] ?? 0) + (edges[i + 1] ?? rank.size)) / 2 + 0.5 })),
      },
      mark: { type: 'text', baseline: 'top', dy: 4, color: '#333', fontSize: 11 },
      encoding: { x: { field: 'mid', type: 'quantitative' }, y: { datum: 100 }, text: { field: 'label' } },
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(options.title ? { title: options.title } : {}),
    width,
    height: options.height ?? 280,
    data: { values },
    layer: layers,
    config: plotConfig(),
  } as TopLevelSpec;
}
