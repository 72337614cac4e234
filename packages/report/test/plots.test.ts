import { existsSync } from 'node:fs';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it, vi } from 'vitest';
import {
  alphaCurvePlot,
  defaultSmoothingWindow,
  fewShotCurvePlot,
  movingAverage,
  normalizeSvg,
  pearson,
  perClassAccuracyPlot,
  priorScatterPlot,
  rankByPrior,
  renderPng,
  renderSvg,
  svgToPng,
} from '../src/index.js';
import { alphaCurve, fewShotPoints, perClassRecords, priorRecords } from './data.js';
import { readPng } from './png.js';

const builders: [string, () => TopLevelSpec, string[]][] = [
  [
    'per-class accuracy',
    () =>
      perClassAccuracyPlot(perClassRecords(), { cuts: [20, 40], cutLabels: ['Head', 'Medium', 'Tail'], showRaw: true }),
    ['Class rank by estimated pre-training prior (head → tail)', 'Per-class top-1 accuracy (%)', 'Head', 'GLA'],
  ],
  [
    'alpha curve',
    () =>
      alphaCurvePlot(alphaCurve(), {
        highlights: [
          { label: 'GLA', inDomain: 0.79, shifted: 0.6 },
          { label: 'Output ensemble', inDomain: 0.78, shifted: 0.58 },
        ],
      }),
    ['In-distribution top-1 accuracy (%)', 'Zero-shot (α = 0)', 'Fine-tuned (α = 1)', 'Output ensemble', 'GLA'],
  ],
  [
    'few-shot curve',
    () => fewShotCurvePlot(fewShotPoints()),
    ['Number of labeled training examples per class', 'Top-1 accuracy (%)', 'Prompt tuning'],
  ],
  [
    'prior scatter',
    () => priorScatterPlot(priorRecords()),
    ['True log pre-training prior, log πₚ', 'Convex solver', 'Spearman ρ = 1.000', 'Paper solver'],
  ],
];

describe.each(builders)('%s plot', (_name, build, texts) => {
  it('compiles with vega-lite and renders to SVG containing its titles', async () => {
    const spec = build();
    expect(() => compile(spec)).not.toThrow();
    const svg = await renderSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    for (const t of texts) expect(svg).toContain(t.replace(/&/g, '&amp;'));
    expect(svg).toContain('font-family="DejaVu Sans, Helvetica, Arial, sans-serif"');
  });

  it('compiles without vega-lite warnings (e.g. conflicting legends)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await renderSvg(build());
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('gives byte-identical SVG for the same input, even after other renders', async () => {
    const first = await renderSvg(build());
    await renderSvg(fewShotCurvePlot(fewShotPoints()));
    expect(await renderSvg(build())).toBe(first);
  });

  it('renders a PNG at twice the SVG size', async () => {
    const svg = await renderSvg(build());
    const png = readPng(await renderPng(build()));
    const width = Number(/width="(\d+)"/.exec(svg)?.[1]);
    expect(png.width).toBe(width * 2);
    expect(png.height).toBeGreaterThan(200);
  });
});

describe('rendering helpers', () => {
  it('normalises vega clip-path ids so repeated renders match', async () => {
    const spec = {
      data: {
        values: [
          { x: 1, y: 2 },
          { x: 3, y: 9 },
        ],
      },
      mark: { type: 'line', clip: true },
      encoding: {
        x: { field: 'x', type: 'quantitative', scale: { domain: [0, 2] } },
        y: { field: 'y', type: 'quantitative' },
      },
    } as TopLevelSpec;
    const a = await renderSvg(spec);
    expect(a).toMatch(/id="gla-1"/);
    expect(a).toContain('url(#gla-1)');
    expect(await renderSvg(spec)).toBe(a);
    expect(normalizeSvg('<svg><clipPath id="c9"/><g clip-path="url(#c9)"/><use href="#c9"/></svg>', 'f')).toBe(
      '<svg><clipPath id="f-1"/><g clip-path="url(#f-1)"/><use href="#f-1"/></svg>',
    );
  });

  it.skipIf(!existsSync('/usr/share/fonts'))('draws text when system fonts exist', () => {
    const frame = (body: string): string =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">${body}</svg>`;
    const blank = readPng(svgToPng(frame(''), { scale: 1 }));
    const text = readPng(
      svgToPng(frame('<text x="5" y="25" font-family="DejaVu Sans, sans-serif" font-size="16">Top-1</text>'), {
        scale: 1,
      }),
    );
    expect(text.width).toBe(120);
    expect(text.data.equals(blank.data)).toBe(false);
  });

  it('rejects a bad PNG scale', () => {
    expect(() => svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>', { scale: 0 })).toThrow(
      /scale/,
    );
  });
});

describe('plot data preparation', () => {
  it('moving average is centred and truncated at the ends', () => {
    expect(movingAverage([1, 2, 3, 4, 5], 3)).toEqual([1.5, 2, 3, 4, 4.5]);
    expect(movingAverage([1, 2, 3, 4], 2)).toEqual([1.5, 2.5, 3.5, 4]);
    expect(movingAverage([1, 5], 1)).toEqual([1, 5]);
    expect(() => movingAverage([1], 0)).toThrow(/positive integer/);
    expect(defaultSmoothingWindow(1000)).toBe(50);
    expect(defaultSmoothingWindow(10)).toBe(1);
  });

  it('ranks classes by prior, head first, ties by class index', () => {
    const rank = rankByPrior([
      { classIndex: 0, prior: 0.1 },
      { classIndex: 1, prior: 0.5 },
      { classIndex: 2, prior: 0.1 },
    ]);
    expect([...rank.entries()]).toEqual([
      [1, 1],
      [0, 2],
      [2, 3],
    ]);
  });

  it('per-class plot smooths in rank order and reports the window on the axis', () => {
    const records = [0.4, 0.3, 0.2, 0.1].flatMap((prior, c) => [
      { method: 'ZS', classIndex: c, prior, accuracy: c / 4 },
    ]);
    const spec = perClassAccuracyPlot(records, { window: 3 }) as {
      data: { values: { rank: number; smoothed: number }[] };
    };
    expect(spec.data.values.map((v) => v.rank)).toEqual([1, 2, 3, 4]);
    expect(spec.data.values.map((v) => v.smoothed)).toEqual([12.5, 25, 50, 62.5]);
    expect(JSON.stringify(spec)).toContain('moving average over 3 classes');
  });

  it('prior scatter shifts estimates to the mean of the true log prior', () => {
    const spec = priorScatterPlot(priorRecords(4)) as {
      data: { values: { panel: string; kind: string; x: number; y: number }[] };
    };
    const convex = spec.data.values.filter((v) => v.kind === 'class' && v.panel.startsWith('Convex'));
    for (const v of convex) expect(v.y).toBeCloseTo(v.x, 12);
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(() => priorScatterPlot([{ solver: 's', classIndex: 0, truePrior: 0, estimatedPrior: 1 }])).toThrow(
      /not positive/,
    );
  });

  it('few-shot plot puts mean ± std error bars in percent on a log2 axis', () => {
    const spec = fewShotCurvePlot([{ method: 'GLA', shots: 4, mean: 0.5, std: 0.02 }], { dodge: 0 });
    const json = JSON.stringify(spec);
    expect(json).toContain('"type":"log","base":2');
    expect((spec as { data: { values: unknown[] } }).data.values).toEqual([
      { method: 'GLA', shots: 4, x: 4, mean: 50, low: 48, high: 52 },
    ]);
  });

  it('plot builders reject empty and non-finite input', () => {
    expect(() => fewShotCurvePlot([])).toThrow(/no data/);
    expect(() => alphaCurvePlot([{ alpha: 0, inDomain: Number.NaN, shifted: 0.5 }])).toThrow(/"inDomain"/);
  });
});
