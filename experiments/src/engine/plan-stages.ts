import { MissingInputError } from './missing-input-error.js';
import type { StageNode } from './stage-node.js';
import { stageClosure } from './stage-closure.js';
import type { StageRunner } from './stage-runner.js';

/**
 * What a run would do with a stage: `cached` (stored, loaded when needed), `run` (computed), `read` (an input read
 * on every run), `skip` (not needed: everything that uses it is cached), `missing` (an input is absent) or
 * `blocked` (an input of an upstream stage is absent).
 */
export type PlanStatus = 'cached' | 'run' | 'read' | 'skip' | 'missing' | 'blocked';

/** One line of a plan. */
export interface PlannedStage {
  node: StageNode;
  status: PlanStatus;
  key?: string;
  location?: string;
  /** Why the stage cannot run: the missing file and what it is, or the loader's message. */
  missing?: string;
}

/**
 * The plan of a run without running anything heavy: every stage's key (hashing input files and reading sample
 * lists and labels, which is cheap), whether it is cached, and what is missing. Needs no model file to exist.
 */
export async function planStages(runner: StageRunner, targets: readonly StageNode[]): Promise<PlannedStage[]> {
  const order = stageClosure(targets);
  const planned = new Map<StageNode, PlannedStage>();
  for (const node of order) {
    const blocked = node.deps.some((d) => ['missing', 'blocked'].includes(planned.get(d)!.status));
    if (blocked) {
      planned.set(node, { node, status: 'blocked' });
      continue;
    }
    try {
      const key = await runner.key(node);
      const location = await runner.location(node);
      const cached = await runner.isCached(node);
      planned.set(node, {
        node,
        key,
        location,
        status: cached ? 'cached' : node.store.format === 'memory' ? 'read' : 'run',
      });
    } catch (error) {
      planned.set(node, { node, status: 'missing', missing: missingReason(error) });
    }
  }
  // A stage whose every user is cached is never needed; walk down from the targets through uncached stages.
  const needed = new Set<StageNode>();
  const walk = (node: StageNode) => {
    if (needed.has(node)) return;
    needed.add(node);
    if (planned.get(node)!.status !== 'cached') for (const dep of node.deps) walk(dep);
  };
  for (const target of targets) walk(target);
  for (const node of order) {
    const entry = planned.get(node)!;
    if (!needed.has(node) && (entry.status === 'run' || entry.status === 'read')) entry.status = 'skip';
  }
  return order.map((node) => planned.get(node)!);
}

function missingReason(error: unknown): string {
  if (error instanceof MissingInputError) return error.message;
  const name = (error as Error)?.name;
  // Dataset and model loaders report an absent folder or file with their own one-line message.
  if (name === 'DatasetError' || name === 'ModelError' || name === 'InputError' || name === 'ConfigError')
    return (error as Error).message;
  throw error;
}
