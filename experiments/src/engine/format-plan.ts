import { relative } from 'node:path';
import { STAGE_KINDS } from './stage-node.js';
import type { PlannedStage, PlanStatus } from './plan-stages.js';

/** Options of {@link formatPlan}. */
export interface FormatPlanOptions {
  /** One line per stage and every missing input (default: a grouped summary with the first few per group). */
  verbose?: boolean;
  /** Missing inputs shown per group without `verbose`; default 3. */
  firstMissing?: number;
}

const STATUSES: PlanStatus[] = ['cached', 'run', 'read', 'skip', 'missing', 'blocked'];
const STATUS_WORDS: Record<PlanStatus, string> = {
  cached: 'cached',
  run: 'would run',
  read: 'read',
  skip: 'skipped (not needed)',
  missing: 'missing inputs',
  blocked: 'blocked by them',
};

// Words of stage ids that name a stage's role, not a dataset ("features/clip/caltech101/test").
const ROLE_WORDS = new Set([
  'model',
  'features',
  'clip',
  'logits',
  'zero-shot',
  'fine-tuned',
  'labels',
  'few-shot',
  'many-shot',
  'long-tail',
  'linear-head',
  'zero-shot-head',
  'templates',
  'samples',
  'merged',
]);

/** The dataset a stage belongs to, read from its id (the first segment that is not a role word); '-' if none. */
export function stageDataset(stage: PlannedStage): string {
  if (stage.node.kind === 'model' || stage.node.kind === 'merged-model') return '-';
  const id = stage.node.id.replace(/^[a-z-]+:/, '');
  const segment = id
    .split('/')
    .find((s) => !ROLE_WORDS.has(s) && !/^wise-ft/.test(s) && !/^k\d+-s\d+$/.test(s) && s.length > 0);
  return segment ?? '-';
}

/**
 * The plan as text a person can read: counts per status by stage kind and by dataset, totals that add up to the
 * number of stages, and the missing inputs grouped by dataset with the first few of each group (all of them, and
 * one line per stage, with `verbose`).
 * @param root paths are shown relative to it.
 */
export function formatPlan(
  title: string,
  stages: readonly PlannedStage[],
  root: string,
  options: FormatPlanOptions = {},
): string[] {
  const { verbose = false, firstMissing = 3 } = options;
  const show = (path: string) => (path.startsWith(root) ? relative(root, path) : path);
  // Messages name absolute paths; inside the repository the relative path is easier to read.
  const shorten = (text: string) => text.split(`${root}/`).join('');
  const lines = [title];
  if (verbose) {
    const width = Math.max(...stages.map((s) => s.node.id.length), 10);
    for (const s of stages) {
      const where = s.location ? ` [${show(s.location)}]` : '';
      const missing = s.missing ? ` MISSING: ${shorten(s.missing)}` : '';
      lines.push(
        `  ${s.status.padEnd(7)} ${s.node.kind.padEnd(14)} ${s.node.id.padEnd(width)}  ${s.node.label}${where}${missing}`,
      );
    }
  }
  const counts = (of: readonly PlannedStage[]) =>
    STATUSES.map((st) => [st, of.filter((s) => s.status === st).length] as const)
      .filter(([, n]) => n > 0)
      .map(([st, n]) => `${n} ${st}`)
      .join(', ');
  lines.push('Summary by stage:');
  for (const kind of STAGE_KINDS) {
    const of = stages.filter((s) => s.node.kind === kind);
    if (of.length > 0) lines.push(`  ${kind.padEnd(14)} ${of.length} stage(s): ${counts(of)}`);
  }
  const datasets = [...new Set(stages.map(stageDataset))].filter((d) => d !== '-');
  if (datasets.length > 0) {
    lines.push('Summary by dataset:');
    const width = Math.max(14, ...datasets.map((d) => d.length));
    for (const dataset of datasets) {
      const of = stages.filter((s) => stageDataset(s) === dataset);
      lines.push(`  ${dataset.padEnd(width)} ${of.length} stage(s): ${counts(of)}`);
    }
  }
  const total = STATUSES.map((st) => [st, stages.filter((s) => s.status === st).length] as const);
  lines.push(`Total: ${stages.length} stages = ${total.map(([st, n]) => `${n} ${STATUS_WORDS[st]}`).join(' + ')}.`);
  const missingStages = stages.filter((s) => s.missing);
  const distinct = new Set(missingStages.map((s) => shorten(s.missing as string)));
  if (distinct.size > 0) {
    lines.push(
      verbose
        ? `Missing inputs (${distinct.size}), by dataset:`
        : `Missing inputs (${distinct.size}), the first ${firstMissing} per dataset (--verbose lists every one):`,
    );
    const groups = new Map<string, PlannedStage[]>();
    for (const s of missingStages) {
      const dataset = stageDataset(s);
      const key = dataset === '-' ? `${s.node.kind} (any dataset)` : dataset;
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    for (const [key, group] of groups) {
      const messages = [...new Set(group.map((s) => shorten(s.missing as string)))];
      lines.push(`  ${key} (${group.length} stage(s)):`);
      const shown = verbose ? messages : messages.slice(0, firstMissing);
      for (const m of shown) lines.push(`    - ${m}`);
      if (shown.length < messages.length) lines.push(`    ... and ${messages.length - shown.length} more`);
    }
    lines.push('Where to get them: experiments/PAPER-RUNS.md (model exports, dataset layouts, split files).');
  }
  return lines;
}
