import { describe, expect, it } from 'vitest';
import { fewShotCurvePlot, renderSvg } from '../src/index.js';
import { fewShotPoints } from './data.js';

describe('fewShotCurvePlot caption and size', () => {
  it('names the error bars (std) under the title when there are any', async () => {
    const spec = fewShotCurvePlot(fewShotPoints(), { title: 'Few-shot' }) as { title: unknown };
    expect(spec.title).toEqual({ text: 'Few-shot', subtitle: 'Error bars: ± 1 std (standard deviation) over seeds' });
    expect(await renderSvg(spec as never)).toContain('Error bars: ± 1 std (standard deviation) over seeds');
    const noBars = fewShotCurvePlot([{ method: 'ZS', shots: 1, mean: 0.5 }], { title: 'T' }) as { title: unknown };
    expect(noBars.title).toEqual({ text: 'T' });
  });

  it('wraps the legend so the figure is no wider than its plot and axis', async () => {
    const points = ['Zero-shot', 'Fine-tuned', 'WiSE-FT (α = 0.5, weight space)', 'GLA (exact q)'].flatMap(
      (method, m) =>
        [1, 2, 4, 8, 16].map((shots, k) => ({ method, shots, mean: 0.6 + 0.02 * k + 0.01 * m, std: 0.01 })),
    );
    const svg = await renderSvg(fewShotCurvePlot(points, { width: 360 }));
    const width = Number(/<svg[^>]* width="(\d+)"/.exec(svg)?.[1]);
    // 360 px plot + about 50 px of axis + 8 px padding a side; one unwrapped row would need about 770 px.
    expect(width).toBeLessThan(500);
  });
});
