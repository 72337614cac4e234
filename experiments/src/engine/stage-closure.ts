import type { StageNode } from './stage-node.js';

/** Every node the targets depend on, dependencies before dependents, each once, in first-visit order. */
export function stageClosure(targets: readonly StageNode[]): StageNode[] {
  const order: StageNode[] = [];
  const state = new Map<StageNode, 'visiting' | 'done'>();
  const visit = (node: StageNode, trail: string[]) => {
    const s = state.get(node);
    if (s === 'done') return;
    if (s === 'visiting') throw new Error(`stage cycle: ${[...trail, node.id].join(' -> ')}`);
    state.set(node, 'visiting');
    for (const dep of node.deps) visit(dep, [...trail, node.id]);
    state.set(node, 'done');
    order.push(node);
  };
  for (const target of targets) visit(target, []);
  const ids = new Map<string, StageNode>();
  for (const node of order) {
    const other = ids.get(node.id);
    if (other && other !== node) throw new Error(`two different stages share the id ${node.id}`);
    ids.set(node.id, node);
  }
  return order;
}
