/**
 * Width in px vega gives `text` at `fontSize` px (default 11, the legend
 * size of `plotConfig`) when it renders headless, as `renderSvg` does: with
 * no canvas to measure fonts, vega lays text out as `0.8 × fontSize` per
 * UTF-16 code unit (vega-scenegraph's `estimateWidth`). Matching it lets
 * legend layouts be computed exactly as vega will place them.
 */
export function estimateLabelWidthPx(text: string, fontSize = 11): number {
  return Math.floor(0.8 * text.length * fontSize);
}

/** Width in px a legend entry takes besides its label: symbol, gap and column padding. */
const ENTRY_OVERHEAD_PX = 16 + 5 + 12;

/**
 * Vega lays labels out at 0.8 em per character while DejaVu Sans draws them
 * at about 0.6 em, so a legend row vega sizes up to 15 % wider than the
 * figure still looks no wider than it (the extra is blank space at the end).
 */
const LEGEND_SLACK = 1.15;

/**
 * How many columns a legend under a plot may use so that its rows are no
 * wider than the figure, `widthPx` (plot plus axis area; at least 1 column, at
 * most one per label; see {@link LEGEND_SLACK}). Entries fill the
 * grid row by row and each column is as wide as its widest entry (vega's
 * default `gridAlign: 'each'`), so one long label does not force every
 * column to its width. Keeps the legend from stretching the figure beyond
 * its plot.
 */
export function legendColumns(labels: readonly string[], widthPx: number, fontSize = 11): number {
  const entries = labels.map((l) => estimateLabelWidthPx(l, fontSize) + ENTRY_OVERHEAD_PX);
  for (let columns = labels.length; columns > 1; columns--) {
    const widths = Array.from({ length: columns }, (_, j) =>
      Math.max(0, ...entries.filter((_, i) => i % columns === j)),
    );
    if (widths.reduce((a, b) => a + b, 0) <= widthPx * LEGEND_SLACK) return columns;
  }
  return 1;
}
