import type { RunRecord } from '../run/run-record.js';
import { fewShotTables } from './few-shot-tables.js';
import { headlineGainsTable } from './headline-gains-table.js';
import { longTailTables } from './long-tail-tables.js';
import { manyShotTables } from './many-shot-tables.js';
import { inDomainName } from './in-domain-name.js';
import type { NamedTable } from './named-table.js';
import type { PaperReference } from './paper-reference.js';

/** Tables that set a run beside published numbers: meaningless for the simulated world, which the paper never ran. */
const PAPER_COMPARISONS = /(-vs-paper|-vs-vrf-baselines|^headline-gains)$/;

/**
 * Every table of one run, in the paper's layout, with the paper's numbers where the reference knows them; a run on
 * the simulated world gets its own tables only (no comparison with the paper, no headline gains).
 */
export function runTables(record: RunRecord, reference?: PaperReference): NamedTable[] {
  const info = {
    title: record.title,
    backbone: record.backbone,
    notes: record.notes,
    inDomain: inDomainName(record.dataMode),
  };
  const m = record.metrics;
  const tables =
    m.kind === 'many-shot'
      ? manyShotTables(m, info, reference)
      : m.kind === 'few-shot'
        ? fewShotTables(m, info, reference)
        : longTailTables(m, info, reference);
  const all = [
    ...tables,
    { name: 'headline-gains', table: headlineGainsTable([{ title: record.title, metrics: m }], reference) },
  ];
  return record.dataMode === 'simulated' ? all.filter((t) => !PAPER_COMPARISONS.test(t.name)) : all;
}
