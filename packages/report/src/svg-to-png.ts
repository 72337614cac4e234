import { Resvg } from '@resvg/resvg-js';
import { messages } from './messages.js';
import { PLOT_FONT } from './plot-theme.js';

/** Options of {@link svgToPng}. */
export interface PngOptions {
  /** Zoom factor: 2 gives print resolution for a figure drawn at screen size. Default 2. */
  scale?: number;
  /** Background colour. Default `white` (paper figures are not transparent). */
  background?: string;
}

/**
 * Rasterises an SVG string to PNG bytes with resvg. System fonts are
 * loaded, and both the default and the `sans-serif` family are set to the
 * first family of the plot font stack (DejaVu Sans), so text renders
 * wherever that font (or any sans-serif font) is installed. With no system
 * fonts at all resvg silently drops text; shapes still render.
 */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  const scale = options.scale ?? 2;
  if (!(Number.isFinite(scale) && scale > 0)) throw new Error(messages.badScale(scale));
  const family = PLOT_FONT.split(',')[0].trim();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: options.background ?? 'white',
    font: { loadSystemFonts: true, defaultFontFamily: family, sansSerifFamily: family },
    logLevel: 'off',
  });
  return new Uint8Array(resvg.render().asPng());
}
