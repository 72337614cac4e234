import type { PaperMetrics } from '../run/run-record.js';

/** `+1.23 pp` (signed, two decimals) of a difference of fractions. */
const pp = (a: number, b: number) => `${a >= b ? '+' : ''}${((a - b) * 100).toFixed(2)} pp`;
const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;

/**
 * Where GLA (exact estimator) beats WiSE-FT and where it does not, stated from a run's own numbers (top-1, and the
 * mean over shifted test sets; mean over seeds per shot count; overall per long-tail benchmark), so a table never
 * claims a win the numbers do not show. Empty when the run lacks either row.
 */
export function glaVsWiseFt(metrics: PaperMetrics): string[] {
  if (metrics.kind === 'many-shot') {
    const gla = metrics.inDomain.methods.gla;
    const wise = metrics.inDomain.methods['wise-ft'];
    if (!gla || !wise) return [];
    const shifted = (id: 'gla' | 'wise-ft') => metrics.shifts.map((s) => metrics.shifted[s]?.methods[id]?.top1);
    const [g, w] = [shifted('gla'), shifted('wise-ft')];
    const hasShifts = metrics.shifts.length > 0 && [...g, ...w].every((v) => v !== undefined);
    const gs = hasShifts ? mean(g as number[]) : 0;
    const ws = hasShifts ? mean(w as number[]) : 0;
    const lines = [
      `GLA vs WiSE-FT: ${pp(gla.top1, wise.top1)} in-domain${hasShifts ? `, ${pp(gs, ws)} on the shifted domains` : ''}.`,
    ];
    if (gla.top1 < wise.top1 || (hasShifts && gs < ws))
      lines.push(
        `GLA does NOT beat WiSE-FT ${gla.top1 < wise.top1 ? 'in-domain' : 'on the shifted domains'} in this setting.`,
      );
    return lines;
  }
  if (metrics.kind === 'few-shot') {
    const datasets = [...new Set(metrics.summary.map((s) => s.dataset))];
    return datasets.flatMap((dataset) => {
      const at = (id: string) =>
        new Map(metrics.summary.filter((s) => s.dataset === dataset && s.method === id).map((s) => [s.shots, s.mean]));
      const [gla, wise] = [at('gla'), at('wise-ft')];
      const shots = [...gla.keys()].filter((k) => wise.has(k));
      if (shots.length === 0) return [];
      const losing = shots.filter((k) => (gla.get(k) as number) < (wise.get(k) as number));
      const where = datasets.length > 1 ? ` on ${dataset}` : '';
      return [
        losing.length === 0
          ? `GLA beats WiSE-FT at every number of shots${where} here.`
          : `GLA does NOT beat WiSE-FT at ${losing.join(', ')} shot(s)${where} here.`,
      ];
    });
  }
  const names = Object.keys(metrics.benchmarks);
  return names.flatMap((b) => {
    const { methods } = metrics.benchmarks[b].result;
    if (!methods.gla || !methods['wise-ft']) return [];
    const where = names.length > 1 ? ` on ${b}` : '';
    return [
      methods.gla.top1 >= methods['wise-ft'].top1
        ? `GLA beats WiSE-FT overall${where} here.`
        : `GLA does NOT beat WiSE-FT overall${where} here.`,
    ];
  });
}
