import { compareWithPaper, type Cell, type ResultTable } from '@gla/report';
import type { LongTailMetrics } from '../pipelines/long-tail-pipeline.js';
import { methodLabel, type MethodId } from '@gla/core';
import { fromPercent, type PaperReference } from './paper-reference.js';
import type { NamedTable } from './named-table.js';
import { priorUncertaintyText } from '../../tables/prior-uncertainty-summary.js';
import { METHOD_COLUMNS, certificateCell, oracleRows } from '../../tables/method-columns.js';
import { estimatorEffect } from './estimator-effect.js';
import { glaVsWiseFt } from './gla-vs-wise-ft.js';

const BENCHMARK_TITLES: Record<string, string> = { 'imagenet-lt': 'ImageNet-LT', 'places-lt': 'Places365-LT' };

/** The display name of a long-tail benchmark. */
export const benchmarkTitle = (b: string) => BENCHMARK_TITLES[b] ?? b;

/** The long-tail tables: ours (overall and many / medium / few, mean per-class accuracy, ECE) and ours vs the paper. */
export function longTailTables(
  metrics: LongTailMetrics,
  info: { title: string; backbone: string; notes: string[] },
  reference?: PaperReference,
): NamedTable[] {
  const benchmarks = Object.keys(metrics.benchmarks);
  const methods = (b: string) => Object.keys(metrics.benchmarks[b].result.methods) as MethodId[];
  const row = (b: string, method: MethodId): Record<string, Cell> => {
    const r = metrics.benchmarks[b].result.methods[method];
    return {
      overall: r?.top1 ?? null,
      many: r?.groups?.head ?? null,
      medium: r?.groups?.medium ?? null,
      few: r?.groups?.tail ?? null,
      ece: r?.ece ?? null,
      certificate: certificateCell(method, {
        exact: metrics.benchmarks[b].prior.certificate,
        authors: metrics.benchmarks[b].authorsPrior.certificate,
      }),
    };
  };
  const accuracy = [
    { key: 'overall', header: 'Overall', kind: 'percent' as const },
    { key: 'many', header: 'Many', kind: 'percent' as const },
    { key: 'medium', header: 'Medium', kind: 'percent' as const },
    { key: 'few', header: 'Few', kind: 'percent' as const },
  ];
  const sizes = benchmarks
    .map((b) => `${benchmarkTitle(b)} ${metrics.benchmarks[b].result.groupSizes?.join(' / ') ?? 'n/a'}`)
    .join('; ');
  const ours: ResultTable = {
    title: `${info.title}: mean per-class accuracy, many / medium / few (${info.backbone})`,
    columns: [
      { key: 'benchmark', header: 'Benchmark', kind: 'text' },
      METHOD_COLUMNS.method,
      ...accuracy,
      METHOD_COLUMNS.ece,
      METHOD_COLUMNS.certificate,
    ],
    rows: benchmarks.flatMap((b) =>
      methods(b).map((method) => ({
        benchmark: benchmarkTitle(b),
        method: methodLabel(method, metrics.alpha),
        ...row(b, method),
      })),
    ),
    groupBy: 'benchmark',
    unrankedRows: oracleRows(benchmarks.flatMap((b) => methods(b))),
    notes: [
      ...info.notes,
      `Classes in many / medium / few: ${sizes}.`,
      ...benchmarks.flatMap((b) => {
        const u = metrics.benchmarks[b].prior.uncertainty;
        return u
          ? [`How sure the exact q is on ${benchmarkTitle(b)}'s estimation set: ${priorUncertaintyText(u)}.`]
          : [];
      }),
      ...estimatorEffect(metrics),
      ...glaVsWiseFt(metrics),
    ],
  };
  const id = (b: string, method: MethodId) => `${benchmarkTitle(b)} · ${methodLabel(method, metrics.alpha)}`;
  const entries = reference?.longTail ?? [];
  const vsPaper = compareWithPaper(
    {
      title: 'ours',
      columns: [{ key: 'row', header: 'Benchmark · method', kind: 'text' }, ...accuracy],
      rows: benchmarks.flatMap((b) =>
        methods(b).map((method) => {
          const { ece: _ece, certificate: _certificate, ...cells } = row(b, method);
          return { row: id(b, method), ...cells };
        }),
      ),
    },
    {
      title: 'paper',
      columns: [{ key: 'row', header: 'Benchmark · method', kind: 'text' }, ...accuracy],
      rows: entries
        .filter((e) => benchmarks.includes(e.benchmark))
        .flatMap((e) =>
          Object.entries(e.rows).map(([method, cells]) => ({
            row: id(e.benchmark, method as MethodId),
            ...Object.fromEntries(
              accuracy.map((c) => [c.key, fromPercent((cells as Record<string, number | null | undefined>)[c.key])]),
            ),
          })),
        ),
      notes:
        entries.length > 0
          ? [...new Set(entries.map((e) => `Paper: ${e.source}.`))]
          : ['No paper reference: every paper cell is n/a.'],
    },
    { title: `Long-tail (${info.backbone}): ours vs. the paper` },
  );
  // Rows mix benchmarks: a "best" cell per column would compare accuracies on different test sets.
  vsPaper.columns = vsPaper.columns.map((c) => ({ ...c, best: 'none' as const }));
  return [
    { name: 'long-tail', table: ours },
    { name: 'long-tail-vs-paper', table: vsPaper },
  ];
}
