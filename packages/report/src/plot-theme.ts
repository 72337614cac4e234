import type { Config } from 'vega-lite';

/**
 * Font stack of every plot. DejaVu Sans first: it is the font most Linux
 * machines ship (and the one resvg finds here); the generic `sans-serif`
 * keeps text visible anywhere else.
 */
export const PLOT_FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

/** Okabe–Ito colour-blind-safe palette, in assignment order. */
export const PLOT_PALETTE: readonly string[] = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  // Black before orange: a fifth series in orange next to the vermillion second one is hard to tell apart.
  '#000000',
  '#56B4E9',
  '#E69F00',
  '#F0E442',
];

/**
 * Shared vega-lite `config` for paper figures: white background, DejaVu
 * Sans at 11–13 px, light grid, thin frame, no bold axis titles. Builders
 * put it under `config`; override by editing the returned spec.
 */
export function plotConfig(): Config {
  return {
    font: PLOT_FONT,
    background: 'white',
    padding: 8,
    view: { stroke: '#999' },
    axis: {
      labelFontSize: 11,
      titleFontSize: 12,
      titleFontWeight: 'normal',
      titleColor: '#111',
      labelColor: '#222',
      gridColor: '#e8e8e8',
      domainColor: '#555',
      tickColor: '#555',
      labelFlush: false,
    },
    legend: {
      labelFontSize: 11,
      titleFontSize: 11,
      titleFontWeight: 'normal',
      symbolStrokeWidth: 2,
      symbolOpacity: 1,
      labelLimit: 320,
    },
    header: { labelFontSize: 12, titleFontSize: 12, labelFontWeight: 'normal' },
    title: { fontSize: 13, fontWeight: 'bold', anchor: 'start', subtitleFontSize: 11, subtitleColor: '#444' },
    text: { fontSize: 11 },
  };
}

/** Distinct values of `values` in first-appearance order. */
export function firstAppearance(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** Colours for `series` in order, cycling through {@link PLOT_PALETTE}. */
export function paletteFor(series: readonly string[]): string[] {
  return series.map((_, i) => PLOT_PALETTE[i % PLOT_PALETTE.length]);
}
