import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from './render-svg.js';
import { svgToPng, type PngOptions } from './svg-to-png.js';

/**
 * Renders a vega-lite spec straight to PNG bytes (`renderSvg` then
 * `svgToPng`); `scale` defaults to 2 for print.
 */
export async function renderPng(spec: TopLevelSpec, options: PngOptions = {}): Promise<Uint8Array> {
  return svgToPng(await renderSvg(spec), options);
}
