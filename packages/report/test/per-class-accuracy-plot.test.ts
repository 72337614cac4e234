import { describe, expect, it } from 'vitest';
import { perClassAccuracyPlot, renderSvg } from '../src/index.js';

const methods = ['Zero-shot', 'Fine-tuned', 'WiSE-FT', 'Output ensemble', 'GLA'];
const records = methods.flatMap((method, m) =>
  [0.4, 0.3, 0.2, 0.1].map((prior, c) => ({ method, classIndex: c, prior, accuracy: 0.5 + 0.1 * m })),
);

describe('perClassAccuracyPlot with WiSE-FT and the output ensemble', () => {
  it('draws every method, the dashed ones dashed, and names them all in the legend', async () => {
    const spec = perClassAccuracyPlot(records, { window: 1, dashed: ['WiSE-FT', 'Output ensemble'] });
    const line = (
      spec as { layer: { encoding: { strokeDash?: { scale: { domain: string[]; range: number[][] } } } }[] }
    ).layer[0].encoding.strokeDash;
    expect(line?.scale.domain).toEqual(methods);
    expect(line?.scale.range).toEqual([
      [1, 0],
      [1, 0],
      [6, 3],
      [2, 3],
      [1, 0],
    ]);
    const svg = await renderSvg(spec);
    for (const m of methods) expect(svg).toContain(`>${m}<`);
  });
});
