import { relative } from 'node:path';
import { STAGE_KINDS } from './stage-node.js';
import type { PlannedStage, PlanStatus } from './plan-stages.js';

/**
 * The plan as text: one line per stage (status, kind, id, what it does, where its value is or would be cached),
 * a count per kind and status, and the missing inputs.
 * @param root paths are shown relative to it.
 */
export function formatPlan(title: string, stages: readonly PlannedStage[], root: string): string[] {
  const show = (path: string) => (path.startsWith(root) ? relative(root, path) : path);
  // Messages name absolute paths; inside the repository the relative path is easier to read.
  const shorten = (text: string) => text.split(`${root}/`).join('');
  const lines = [title];
  const width = Math.max(...stages.map((s) => s.node.id.length), 10);
  for (const s of stages) {
    const where = s.location ? ` [${show(s.location)}]` : '';
    const missing = s.missing ? ` MISSING: ${shorten(s.missing)}` : '';
    lines.push(
      `  ${s.status.padEnd(7)} ${s.node.kind.padEnd(14)} ${s.node.id.padEnd(width)}  ${s.node.label}${where}${missing}`,
    );
  }
  const statuses: PlanStatus[] = ['cached', 'run', 'read', 'skip', 'missing', 'blocked'];
  lines.push('Summary by stage:');
  for (const kind of STAGE_KINDS) {
    const of = stages.filter((s) => s.node.kind === kind);
    if (of.length === 0) continue;
    const counts = statuses
      .map((st) => [st, of.filter((s) => s.status === st).length] as const)
      .filter(([, n]) => n > 0);
    lines.push(`  ${kind.padEnd(14)} ${of.length} stage(s): ${counts.map(([st, n]) => `${n} ${st}`).join(', ')}`);
  }
  const missing = [...new Set(stages.filter((s) => s.missing).map((s) => shorten(s.missing as string)))];
  const run = stages.filter((s) => s.status === 'run').length;
  const cached = stages.filter((s) => s.status === 'cached').length;
  const blocked = stages.filter((s) => s.status === 'missing' || s.status === 'blocked').length;
  lines.push(
    `Total: ${stages.length} stages; ${cached} cached, ${run} would run, ${blocked} blocked by missing inputs.`,
  );
  if (missing.length > 0) {
    lines.push(`Missing inputs (${missing.length}):`);
    for (const m of missing) lines.push(`  - ${m}`);
  }
  return lines;
}
