// Tables: model, formatting, renderers.
export type {
  BestDirection,
  Cell,
  ColumnKind,
  ColumnSpec,
  MeanStd,
  ResolvedColumn,
  ResultTable,
} from './result-table.js';
export {
  cellAt,
  cellValue,
  isMeanStd,
  repeatedGroupFlags,
  resolveColumns,
  validateResultTable,
} from './result-table.js';
export { escapeFor, formatCell, formatNumber, NOT_AVAILABLE, type CellTarget } from './format-cell.js';
export { escapeLatex } from './escape-latex.js';
export { bestCells, isBest, type BestCells } from './best-cells.js';
export { cellDifference, compareWithPaper, type PaperComparisonOptions } from './compare-with-paper.js';
export { toMarkdown, type MarkdownOptions } from './to-markdown.js';
export { csvColumnNames, flattenRows, toCsv } from './to-csv.js';
export { LATEX_PACKAGES, toLatex, type LatexOptions } from './to-latex.js';
export {
  COLUMN_WIDTH_PT,
  latexLayout,
  PAGE_WIDTH_PT,
  splitHeader,
  type LatexFit,
  type LatexLayout,
} from './latex-layout.js';
export { estimateTextWidthPt, TABCOLSEP_PT } from './latex-width.js';
export { latexDocument, type LatexDocumentOptions } from './latex-document.js';
export { toJson } from './to-json.js';
export { toHtml, type HtmlTableOptions } from './to-html.js';
export { markdownInlineToHtml, markdownToHtml } from './markdown-html.js';

// Plots: vega-lite spec builders and rendering.
export { PLOT_FONT, PLOT_PALETTE, plotConfig } from './plot-theme.js';
export { defaultSmoothingWindow, movingAverage } from './moving-average.js';
export {
  perClassAccuracyPlot,
  rankByPrior,
  type PerClassAccuracyPlotOptions,
  type PerClassAccuracyRecord,
} from './per-class-accuracy-plot.js';
export {
  alphaCurvePlot,
  type AlphaCurvePlotOptions,
  type AlphaCurvePoint,
  type HighlightPoint,
} from './alpha-curve-plot.js';
export { fewShotCurvePlot, type FewShotCurvePlotOptions, type FewShotPoint } from './few-shot-curve-plot.js';
export {
  pearson,
  priorScatterPlot,
  type PriorScatterPlotOptions,
  type PriorScatterRecord,
} from './prior-scatter-plot.js';
export { estimateLabelWidthPx, legendColumns } from './legend-layout.js';
export { normalizeSvg } from './normalize-svg.js';
export { renderSvg } from './render-svg.js';
export { svgToPng, type PngOptions } from './svg-to-png.js';
export { renderPng } from './render-png.js';

// Files and report pages.
export { outputPath } from './output-path.js';
export { writeTableFiles, type TableFileOptions, type TableFiles } from './write-table-files.js';
export { writePlotFiles, type PlotFiles } from './write-plot-files.js';
export type { ReportFigure, ReportPage, ReportSection } from './report-page.js';
export { buildMarkdownReport, type MarkdownReportOptions } from './build-markdown-report.js';
export { buildHtmlReport, type HtmlReportOptions } from './build-html-report.js';
export { writeReportFiles, type ReportFileOptions, type ReportFiles } from './write-report-files.js';
export { messages } from './messages.js';
