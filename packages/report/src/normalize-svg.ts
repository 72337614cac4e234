/**
 * Makes an SVG string independent of render order: every `id="…"` is
 * renamed to `<prefix>-1`, `<prefix>-2`, … (prefix default `gla`) in order
 * of first appearance, and the
 * references to it (`url(#…)`, `href="#…"`) follow. Vega numbers clip paths
 * and gradients with process-wide counters, so without this the same plot
 * rendered twice in one process would differ. Other text is left untouched.
 * Give each SVG inlined into one HTML page its own prefix so ids stay unique.
 */
export function normalizeSvg(svg: string, prefix = 'gla'): string {
  const rename = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) {
    if (!rename.has(m[1])) rename.set(m[1], `${prefix}-${rename.size + 1}`);
  }
  if (rename.size === 0) return svg;
  const swap = (id: string): string => rename.get(id) ?? id;
  return svg
    .replace(/(\sid=")([^"]+)(")/g, (_, a: string, id: string, b: string) => `${a}${swap(id)}${b}`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${swap(id)})`)
    .replace(/((?:xlink:)?href="#)([^"]+)(")/g, (_, a: string, id: string, b: string) => `${a}${swap(id)}${b}`);
}
