import type { RunRecord } from '../run/run-record.js';
import { fewShotTables } from './few-shot-tables.js';
import { headlineGainsTable } from './headline-gains-table.js';
import { longTailTables } from './long-tail-tables.js';
import { manyShotTables } from './many-shot-tables.js';
import type { NamedTable } from './named-table.js';
import type { PaperReference } from './paper-reference.js';

/** Every table of one run, in the paper's layout, with the paper's numbers where the reference knows them. */
export function runTables(record: RunRecord, reference?: PaperReference): NamedTable[] {
  const info = { title: record.title, backbone: record.backbone, notes: record.notes };
  const m = record.metrics;
  const tables =
    m.kind === 'many-shot'
      ? manyShotTables(m, info, reference)
      : m.kind === 'few-shot'
        ? fewShotTables(m, info, reference)
        : longTailTables(m, info, reference);
  return [
    ...tables,
    { name: 'headline-gains', table: headlineGainsTable([{ title: record.title, metrics: m }], reference) },
  ];
}
