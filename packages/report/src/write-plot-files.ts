import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from './render-svg.js';
import { svgToPng, type PngOptions } from './svg-to-png.js';
import { writeFileAtomic } from '@gla/core';
import { outputPath } from './output-path.js';

/** Paths written by {@link writePlotFiles}. */
export interface PlotFiles {
  svg: string;
  png: string;
  spec: string;
}

/**
 * Renders a vega-lite spec and writes `<dir>/<baseName>.svg`, `.png`
 * (scale 2 unless `png.scale` says otherwise) and `.vl.json` (the spec,
 * pretty JSON, so the figure can be re-rendered or edited), each
 * atomically. Everything is rendered before the first write. Returns the paths.
 */
export async function writePlotFiles(
  dir: string,
  baseName: string,
  spec: TopLevelSpec,
  png: PngOptions = {},
): Promise<PlotFiles> {
  const files: PlotFiles = {
    svg: outputPath(dir, baseName, '.svg'),
    png: outputPath(dir, baseName, '.png'),
    spec: outputPath(dir, baseName, '.vl.json'),
  };
  const svg = await renderSvg(spec);
  const bytes = svgToPng(svg, png);
  await writeFileAtomic(files.svg, svg);
  await writeFileAtomic(files.png, bytes);
  await writeFileAtomic(files.spec, `${JSON.stringify(spec, null, 2)}\n`);
  return files;
}
