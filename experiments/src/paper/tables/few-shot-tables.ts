import { coopDataset } from '@gla/datasets';
import { compareWithPaper, type Cell, type ResultTable } from '@gla/report';
import { AVERAGE_DATASET, type FewShotMetrics } from '../pipelines/few-shot-pipeline.js';
import { methodLabel, type MethodId } from '@gla/core';
import { fromPercent, type PaperReference } from './paper-reference.js';
import type { NamedTable } from './named-table.js';
import { METHOD_COLUMNS, certificateNote, oracleRows } from '../../tables/method-columns.js';
import { estimatorEffect } from './estimator-effect.js';
import { glaVsWiseFt } from './gla-vs-wise-ft.js';

/** The name papers print for a CoOp dataset (Flowers102, DTD, ...). */
export function datasetTitle(name: string): string {
  if (name === AVERAGE_DATASET) return 'Average over datasets';
  try {
    return coopDataset(name).shortName;
  } catch {
    return name;
  }
}

/**
 * The few-shot tables: mean +- std (np.std over seeds) of test top-1 per dataset, method and number of shots;
 * ours vs the paper where it is known (zero-shot and GLA rows); every run's temperatures and certificate.
 */
export function fewShotTables(
  metrics: FewShotMetrics,
  info: { title: string; backbone: string; notes: string[] },
  reference?: PaperReference,
): NamedTable[] {
  const m = metrics;
  const datasets = m.datasets.length > 1 ? [...m.datasets, AVERAGE_DATASET] : m.datasets;
  const shotKey = (k: number) => `k${k}`;
  const cell = (dataset: string, method: MethodId, k: number): Cell => {
    const s = m.summary.find((x) => x.dataset === dataset && x.method === method && x.shots === k);
    return s ? { mean: s.mean, std: s.std, n: s.n } : null;
  };
  const shotColumns = m.shots.map((k) => ({ key: shotKey(k), header: `${k}-shot`, kind: 'percent' as const }));
  const ours: ResultTable = {
    title: `${info.title}: test top-1, mean ± std over seeds ${m.seeds.join(', ')} (${info.backbone})`,
    columns: [{ key: 'dataset', header: 'Dataset', kind: 'text' }, METHOD_COLUMNS.method, ...shotColumns],
    rows: datasets.flatMap((d) =>
      m.methods.map((method) => ({
        dataset: datasetTitle(d),
        method: methodLabel(method, m.alpha),
        ...Object.fromEntries(m.shots.map((k) => [shotKey(k), cell(d, method, k)])),
      })),
    ),
    groupBy: 'dataset',
    unrankedRows: oracleRows(datasets.flatMap(() => m.methods)),
    notes: [
      ...info.notes,
      "std is np.std over seeds (ddof 0), as the authors' code prints it.",
      certificateNote(
        {
          exact: Math.max(...m.runs.map((r) => r.prior.certificate)),
          authors: Math.max(...m.runs.map((r) => r.authorsPrior.certificate)),
        },
        ' (largest over runs)',
      ),
      ...(m.datasets.length > 1
        ? [
            'Average over datasets: the mean of the per-dataset means; its std is np.std over seeds of the per-seed averages over datasets.',
          ]
        : []),
      ...estimatorEffect(m),
      ...glaVsWiseFt(m),
    ],
  };
  // The paper ran the authors' estimator: its GLA numbers sit beside that row; the exact row shows what changes.
  const compared: MethodId[] = ['zero-shot', 'gla-authors', 'gla'];
  const rowId = (d: string, method: MethodId) => `${datasetTitle(d)} · ${methodLabel(method, m.alpha)}`;
  const entries = reference?.fewShot.filter((e) => e.backbone === info.backbone) ?? [];
  const vsPaper = compareWithPaper(
    {
      title: 'ours',
      columns: [{ key: 'row', header: 'Dataset · method', kind: 'text' }, ...shotColumns],
      rows: datasets.flatMap((d) =>
        compared.map((method) => ({
          row: rowId(d, method),
          ...Object.fromEntries(m.shots.map((k) => [shotKey(k), cell(d, method, k)])),
        })),
      ),
    },
    {
      title: 'paper',
      columns: [{ key: 'row', header: 'Dataset · method', kind: 'text' }, ...shotColumns],
      rows: entries.map((e) => ({
        row: `${datasetTitle(e.dataset)} · ${methodLabel(e.method, m.alpha)}`,
        ...Object.fromEntries(m.shots.map((k) => [shotKey(k), cellOf(e.cells[String(k)])])),
      })),
      notes:
        entries.length > 0
          ? entries.map((e) => `Paper (${datasetTitle(e.dataset)}, ${e.method}): ${e.source}`)
          : [`No verified few-shot numbers for ${info.backbone}: every paper cell is n/a.`],
    },
    { title: `Few-shot test top-1 (${info.backbone}): ours vs. the paper where known` },
  );
  // Rows mix datasets: a "best" cell per column would compare accuracies on different test sets.
  vsPaper.columns = vsPaper.columns.map((c) => ({ ...c, best: 'none' as const }));
  const methods = m.methods;
  const runs: ResultTable = {
    title: `Few-shot runs: temperatures, q certificate and test top-1 per run (${info.backbone})`,
    columns: [
      { key: 'dataset', header: 'Dataset', kind: 'text' },
      { key: 'shots', header: 'Shots', kind: 'number' },
      { key: 'seed', header: 'Seed', kind: 'number' },
      { key: 'tZs', header: 'T zero-shot', kind: 'number', digits: 3 },
      { key: 'tFt', header: 'T fine-tuned', kind: 'number', digits: 3 },
      { key: 'certificate', header: 'q certificate (exact)', kind: 'text' },
      { key: 'authorsCertificate', header: "q certificate (authors')", kind: 'text' },
      ...methods.map((method) => ({
        key: method,
        header: methodLabel(method, m.alpha),
        kind: 'percent' as const,
        best: 'none' as const,
      })),
    ],
    rows: m.runs.map((r) => ({
      dataset: datasetTitle(r.dataset),
      shots: r.shots,
      seed: r.seed,
      tZs: r.temperatures.zeroShot,
      tFt: r.temperatures.fineTuned,
      certificate: r.prior.certificate.toExponential(2),
      authorsCertificate: r.authorsPrior.certificate.toExponential(2),
      ...Object.fromEntries(methods.map((method) => [method, r.top1[method] ?? null])),
    })),
    groupBy: 'dataset',
  };
  return [
    { name: 'few-shot', table: ours },
    { name: 'few-shot-vs-paper', table: vsPaper },
    { name: 'few-shot-runs', table: runs },
  ];
}

function cellOf(value: { mean: number | null; std?: number | null; seeds?: number[] } | undefined): Cell {
  if (!value || value.mean === null) return null;
  if (value.std === undefined || value.std === null) return fromPercent(value.mean);
  return { mean: value.mean / 100, std: value.std / 100, n: value.seeds?.length ?? 3 };
}
