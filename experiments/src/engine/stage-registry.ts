import type { StageNode } from './stage-node.js';

/**
 * Builds each stage once per id: pipelines ask for "the zero-shot logits of caltech101/test" from many run units,
 * and must get the same node (stage ids are unique in a graph).
 */
export class StageRegistry {
  private readonly nodes = new Map<string, StageNode>();

  /** The node with this id, created by `create` on first request. */
  once<T>(id: string, create: (id: string) => StageNode<T>): StageNode<T> {
    let node = this.nodes.get(id) as StageNode<T> | undefined;
    if (!node) {
      node = create(id);
      if (node.id !== id) throw new Error(`stage created for ${id} has id ${node.id}`);
      this.nodes.set(id, node);
    }
    return node;
  }

  /** Every node built so far. */
  all(): StageNode[] {
    return [...this.nodes.values()];
  }
}
