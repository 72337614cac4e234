import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { normalizeSvg } from './normalize-svg.js';

/**
 * Compiles a vega-lite spec to vega and renders it headless (no browser,
 * no canvas) to an SVG string. Ids are normalised (see `normalizeSvg`) so
 * the same spec always gives byte-identical SVG. Text widths are vega's
 * estimates since no canvas is loaded; fonts are named, not embedded.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vgSpec = compile(spec).spec;
  const view = new View(parse(vgSpec), { renderer: 'none' });
  try {
    return normalizeSvg(await view.toSVG());
  } finally {
    view.finalize();
  }
}
