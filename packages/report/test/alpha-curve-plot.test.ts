import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { alphaCurvePlot, renderSvg, type AlphaCurvePoint, type HighlightPoint } from '../src/index.js';

const curve: AlphaCurvePoint[] = [0, 0.5, 1].map((alpha) => ({
  alpha,
  inDomain: 0.7 + 0.1 * alpha,
  shifted: 0.5 + 0.02 * alpha,
  shiftedBy: { 'ImageNet-V2': 0.6 + 0.02 * alpha, 'ImageNet-A': 0.4 + 0.02 * alpha },
}));
const highlights: HighlightPoint[] = [
  { label: 'GLA', inDomain: 0.81, shifted: 0.53, shiftedBy: { 'ImageNet-V2': 0.63, 'ImageNet-A': 0.43 } },
  { label: 'Output ensemble', inDomain: 0.8, shifted: 0.52, shiftedBy: { 'ImageNet-V2': 0.62, 'ImageNet-A': 0.42 } },
];

/** Every `mark` type anywhere in a spec. */
function markTypes(spec: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'mark') out.push(typeof v === 'string' ? v : (v as { type: string }).type);
        else walk(v);
      }
    }
  };
  walk(spec);
  return out;
}

type Panel = { title?: { text: string }; layer: { data: { values: { series: string; x: number; y: number }[] } }[] };

describe('alphaCurvePlot', () => {
  it('draws one panel per shifted test set plus the average, each from its own accuracies', async () => {
    const spec = alphaCurvePlot(curve, { highlights }) as unknown as { concat: Panel[]; columns: number };
    expect(spec.concat.map((p) => p.title?.text)).toEqual([
      'ImageNet-V2',
      'ImageNet-A',
      'Average over 2 shifted test sets',
    ]);
    const ys = (panel: Panel, series: string) =>
      panel.layer.flatMap((l) =>
        l.data.values.filter((v) => v.series === series).map((v) => Math.round(v.y * 1e6) / 1e6),
      );
    expect(ys(spec.concat[0], 'WiSE-FT (α = 0 … 1)')).toEqual([60, 61, 62, 60, 61, 62]); // line + points
    expect(ys(spec.concat[1], 'GLA')).toEqual([43]);
    expect(ys(spec.concat[2], 'GLA')).toEqual([53]);
    expect(ys(spec.concat[2], 'Zero-shot (α = 0)')).toEqual([50]);
    expect(() => compile(spec as never)).not.toThrow();
    const svg = await renderSvg(spec as never);
    for (const t of ['ImageNet-V2', 'ImageNet-A', 'Average over 2 shifted test sets', 'Output ensemble']) {
      expect(svg).toContain(t);
    }
  });

  it('has no free text labels: every marker is named in the legend, so nothing can overlap or leave the plot', () => {
    for (const spec of [
      alphaCurvePlot(curve, { highlights }),
      alphaCurvePlot(curve.map(({ shiftedBy: _, ...p }) => p)),
    ]) {
      expect(markTypes(spec)).not.toContain('text');
      const json = JSON.stringify(spec);
      for (const label of ['WiSE-FT (α = 0 … 1)', 'Zero-shot (α = 0)', 'Fine-tuned (α = 1)'])
        expect(json).toContain(label);
    }
  });

  it('keeps the single averaged panel when no point has per-shift accuracies', () => {
    const spec = alphaCurvePlot(curve.map(({ shiftedBy: _, ...p }) => p)) as unknown as Panel & { concat?: unknown };
    expect(spec.concat).toBeUndefined();
    expect(spec.layer[0].data.values.map((v) => Math.round(v.y * 1e6) / 1e6)).toEqual([50, 51, 52]);
  });

  it('names the shifted test set a highlight lacks', () => {
    const { shiftedBy: _, ...bare } = highlights[0];
    expect(() => alphaCurvePlot(curve, { highlights: [bare] })).toThrow(/shifted test set "ImageNet-V2"/);
  });
});
