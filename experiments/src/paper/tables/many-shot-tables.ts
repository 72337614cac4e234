import { compareWithPaper, type Cell, type ResultTable } from '@gla/report';
import type { ManyShotMetrics } from '../pipelines/many-shot-pipeline.js';
import { methodLabel, type MethodId } from '@gla/core';
import { fromPercent, type PaperReference } from './paper-reference.js';
import type { NamedTable } from './named-table.js';
import { priorUncertaintyText } from '../../tables/prior-uncertainty-summary.js';
import { METHOD_COLUMNS, certificateCell, oracleRows } from '../../tables/method-columns.js';
import { priorRecoveryTable } from './prior-recovery-table.js';
import { estimatorEffect } from './estimator-effect.js';
import { glaVsWiseFt } from './gla-vs-wise-ft.js';

const SHIFT_HEADERS: Record<string, string> = {
  'imagenet-v2': 'IN-V2',
  'imagenet-sketch': 'IN-Sketch',
  'imagenet-r': 'IN-R',
  'imagenet-a': 'IN-A',
};

const shiftColumns = (shifts: string[]) =>
  shifts.map((s) => ({ key: s, header: SHIFT_HEADERS[s] ?? s, kind: 'percent' as const }));

/**
 * The many-shot tables: ours in full; ours vs the GLA paper (top-1, head / medium / tail; shifts); ours vs the
 * WiSE-FT-recipe baselines of a later paper (clearly NOT GLA numbers); the WiSE-FT alpha sweep; the prior recovery
 * where the run knows the true pre-training prior (simulated world).
 */
export function manyShotTables(
  metrics: ManyShotMetrics,
  info: { title: string; backbone: string; notes: string[]; inDomain?: string },
  reference?: PaperReference,
): NamedTable[] {
  const inDomain = info.inDomain ?? 'ImageNet';
  const m = metrics;
  const methods = Object.keys(m.inDomain.methods) as MethodId[];
  const label = (method: MethodId) => methodLabel(method, m.alpha);
  const shiftTop1 = (method: MethodId, shift: string): number | null => m.shifted[shift]?.methods[method]?.top1 ?? null;
  const avgShift = (method: MethodId): number | null => {
    const values = m.shifts.map((s) => shiftTop1(method, s));
    return values.length > 0 && values.every((v) => v !== null)
      ? (values as number[]).reduce((a, b) => a + b, 0) / values.length
      : null;
  };
  const certificates = { exact: m.prior.certificate, authors: m.authorsPrior.certificate };
  const ours: ResultTable = {
    title: `${info.title}: ${inDomain} top-1, head / medium / tail, shifts (${info.backbone})`,
    columns: [
      METHOD_COLUMNS.method,
      { ...METHOD_COLUMNS.top1, header: inDomain },
      METHOD_COLUMNS.head,
      METHOD_COLUMNS.medium,
      METHOD_COLUMNS.tail,
      ...shiftColumns(m.shifts),
      { key: 'avgShifts', header: 'Avg. shifts', kind: 'percent' },
      METHOD_COLUMNS.ece,
      METHOD_COLUMNS.certificate,
    ],
    rows: methods.map((method) => {
      const r = m.inDomain.methods[method];
      const row: Record<string, Cell> = {
        method: label(method),
        top1: r?.top1 ?? null,
        head: r?.groups?.head ?? null,
        medium: r?.groups?.medium ?? null,
        tail: r?.groups?.tail ?? null,
        avgShifts: avgShift(method),
        ece: r?.ece ?? null,
        certificate: certificateCell(method, certificates),
      };
      for (const s of m.shifts) row[s] = shiftTop1(method, s);
      return row;
    }),
    unrankedRows: oracleRows(methods),
    notes: [
      ...info.notes,
      `q by the exact estimator: certificate ${m.prior.certificate.toExponential(2)} after ${m.prior.iterations} iterations (converged: ${m.prior.converged ? 'yes' : 'no'}); by the authors' estimator: certificate ${m.authorsPrior.certificate.toExponential(2)} after ${m.authorsPrior.iterations} iterations; estimation set ${m.estimationSet}. Head / medium / tail rank the classes by the ${m.groupsBy === 'authors' ? "authors'" : 'exact'} q. The paper ran the authors' estimator: its GLA numbers sit beside that row.`,
      `Head / medium / tail sizes: ${m.inDomain.groupSizes?.join(' / ') ?? 'n/a'} classes; ${m.inDomain.samples} ${inDomain === 'ImageNet' ? 'ImageNet val' : 'in-domain test'} images.`,
      ...(m.prior.uncertainty
        ? [`How sure the exact q is, on its estimation set: ${priorUncertaintyText(m.prior.uncertainty)}.`]
        : []),
      ...estimatorEffect(m),
      ...glaVsWiseFt(m),
    ],
  };
  const tables: NamedTable[] = [{ name: 'imagenet', table: ours }];
  const entry = reference?.manyShot.find((e) => e.backbone === info.backbone);
  const paperTable = (columns: string[]): ResultTable => ({
    title: 'paper',
    columns: [
      { key: 'method', header: 'Method', kind: 'text' },
      ...columns.map((key) => ({ key, header: key, kind: 'percent' as const })),
    ],
    rows: Object.entries(entry?.rows ?? {}).map(([method, cells]) => ({
      method: methodLabel(method as MethodId, 0.5),
      ...Object.fromEntries(
        columns.map((c) => [c, fromPercent((cells as Record<string, number | null | undefined>)[c])]),
      ),
    })),
    notes: [
      entry
        ? `Paper: ${entry.source}.`
        : `The paper reference has no ImageNet entry for ${info.backbone}: every paper cell is n/a.`,
    ],
  });
  const subset = (keys: string[]): ResultTable => {
    const kept = ['method', ...keys];
    return {
      ...ours,
      columns: ours.columns.filter((c) => kept.includes(c.key)),
      rows: ours.rows.map((r) => Object.fromEntries(kept.map((key) => [key, r[key] ?? null]))),
      notes: [],
    };
  };
  tables.push({
    name: 'imagenet-vs-paper',
    table: compareWithPaper(
      subset(['top1', 'head', 'medium', 'tail', 'certificate']),
      paperTable(['top1', 'head', 'medium', 'tail']),
      {
        title: `ImageNet top-1 and head / medium / tail by q (${info.backbone}): ours vs. the GLA paper`,
      },
    ),
  });
  tables.push({
    name: 'imagenet-shifts-vs-paper',
    table: compareWithPaper(subset([...m.shifts, 'avgShifts']), paperTable([...m.shifts, 'avgShifts']), {
      title: `ImageNet distribution shifts (${info.backbone}): ours vs. the GLA paper`,
    }),
  });
  const external =
    reference?.externalBaselines.flatMap((e) =>
      e.rows.filter((r) => r.backbone === info.backbone).map((r) => ({ ...r, source: e.source, warning: e.warning })),
    ) ?? [];
  if (external.length > 0) {
    const coarse = (method: MethodId | null, fallback: string) =>
      method === 'wise-ft'
        ? 'WiSE-FT (weight-space ensemble)'
        : method === 'output-ensemble'
          ? 'Output-space ensemble'
          : method === 'fine-tuned'
            ? 'Fine-tuned (E2E)'
            : method === 'zero-shot'
              ? 'Zero-shot'
              : fallback;
    const columns = ['imagenet', ...m.shifts];
    const oursRows = methods
      .filter((x) => ['zero-shot', 'fine-tuned', 'wise-ft', 'output-ensemble'].includes(x))
      .map((method) => ({
        method: coarse(method, method),
        imagenet: m.inDomain.methods[method]?.top1 ?? null,
        ...Object.fromEntries(m.shifts.map((s) => [s, shiftTop1(method, s)])),
      }));
    const table = compareWithPaper(
      {
        title: 'ours',
        columns: [
          { key: 'method', header: 'Method', kind: 'text' },
          { key: 'imagenet', header: 'ImageNet', kind: 'percent' },
          ...shiftColumns(m.shifts),
        ],
        rows: oursRows,
      },
      {
        title: 'VRF',
        columns: [
          { key: 'method', header: 'Method', kind: 'text' },
          ...columns.map((key) => ({ key, header: key, kind: 'percent' as const })),
        ],
        rows: external.map((r) => ({
          method: coarse(r.matches, r.method),
          ...Object.fromEntries(
            columns.map((c) => [c, fromPercent((r as unknown as Record<string, number | null>)[c])]),
          ),
        })),
      },
      {
        title: `NOT GLA NUMBERS: ours vs. the WiSE-FT-recipe baselines of the VRF paper (${info.backbone})`,
        labels: { paper: '(VRF)' },
      },
    );
    table.notes = [
      external[0].warning,
      `Source: ${external[0].source}`,
      `Our WiSE-FT and output ensemble use α = ${m.alpha}.`,
      ...(table.notes ?? []).slice(-1),
    ];
    tables.push({ name: 'imagenet-vs-vrf-baselines', table });
  }
  if (m.sweep.length > 0) {
    tables.push({
      name: 'wise-ft-sweep',
      table: {
        title: `WiSE-FT weight-space interpolation sweep (${info.backbone})`,
        columns: [
          { key: 'alpha', header: 'α', kind: 'number', digits: 2 },
          { key: 'inDomain', header: inDomain, kind: 'percent' },
          ...shiftColumns(m.shifts),
          { key: 'shiftedMean', header: 'Avg. shifts', kind: 'percent' },
        ],
        rows: m.sweep.map((s) => ({
          alpha: s.alpha,
          inDomain: s.inDomain ?? null,
          shiftedMean: s.shiftedMean,
          ...Object.fromEntries(m.shifts.map((x) => [x, s.shifted[x] ?? null])),
        })),
        notes: ['α = 0 is the zero-shot model, α = 1 the fine-tuned one.'],
      },
    });
  }
  if (m.priorRecovery) tables.push({ name: 'prior-recovery', table: priorRecoveryTable(m.priorRecovery) });
  return tables;
}
