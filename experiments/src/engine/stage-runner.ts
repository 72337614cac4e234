import { hashJson } from './canonical-json.js';
import type { StageContext } from './stage-context.js';
import type { StageNode } from './stage-node.js';
import { stageClosure } from './stage-closure.js';
import type { StageKind } from './stage-node.js';

/**
 * Kinds whose stages never run beside each other, whatever the jobs: they run onnxruntime, which already uses
 * every core, hold a model and image batches in memory, and draw their own progress bars.
 */
const ONE_AT_A_TIME: ReadonlySet<StageKind> = new Set(['model', 'merged-model', 'features', 'zero-shot-head']);

/**
 * Part of every stage key: bump it when what a stage computes changes meaning (a fix in how metrics are
 * scored, say), so that values cached by the old code are not reused.
 */
export const STAGE_KEY_VERSION = 1;

/** How often stages were served from the cache or computed during a run. */
export interface StageCounts {
  computed: Record<string, number>;
  cached: Record<string, number>;
}

/**
 * Runs stage graphs with caching: a stage whose key has a stored value is loaded (and its inputs are never
 * touched), any other is computed from its dependencies and stored. Values are dropped from memory once every
 * dependent in the current targets has been computed, so ImageNet-sized logits do not pile up.
 */
export class StageRunner {
  private readonly keys = new Map<StageNode, Promise<string>>();
  private readonly values = new Map<StageNode, Promise<unknown>>();
  private readonly uses = new Map<StageNode, number>();
  readonly counts: StageCounts = { computed: {}, cached: {} };
  /** Ids of the stages computed in this runner, in order (tests check what a rerun recomputes). */
  readonly computedIds: string[] = [];
  /** Settles when the running one-at-a-time stage (if any) is done: the next one waits for it. */
  private exclusive: Promise<void> = Promise.resolve();

  constructor(readonly ctx: StageContext) {}

  /** The stage's cache key (content-derived for always-run stages). */
  key(node: StageNode): Promise<string> {
    let key = this.keys.get(node);
    if (!key) {
      key = this.computeKey(node);
      this.keys.set(node, key);
      key.catch(() => this.keys.delete(node));
    }
    return key;
  }

  private async computeKey(node: StageNode): Promise<string> {
    if (node.contentKey) return node.contentKey(await this.value(node));
    const files: string[] = [];
    for (const file of node.files) files.push(await this.ctx.digests.sha256(file.path, file.what));
    const deps: string[] = [];
    for (const dep of node.deps) deps.push(await this.key(dep));
    return hashJson({ version: STAGE_KEY_VERSION, kind: node.kind, params: node.params ?? null, files, deps });
  }

  /** Where the stage's value is stored for its key, if it is stored at all. */
  async location(node: StageNode): Promise<string | undefined> {
    if (node.store.format === 'memory') return undefined;
    return node.store.location(this.ctx.cacheDir, node.kind, await this.key(node));
  }

  /** Whether the stage's value is already stored. */
  async isCached(node: StageNode): Promise<boolean> {
    const location = await this.location(node);
    return location !== undefined && (await node.store.has(location));
  }

  /** The stage's value: from memory, from the cache, or computed (and then stored). */
  value<T>(node: StageNode<T>): Promise<T> {
    let value = this.values.get(node) as Promise<T> | undefined;
    if (!value) {
      value = this.produce(node);
      this.values.set(node, value);
      value.catch(() => this.values.delete(node));
    }
    return value;
  }

  private async produce<T>(node: StageNode<T>): Promise<T> {
    const key = node.contentKey ? '' : await this.key(node);
    const location = node.contentKey ? undefined : await this.location(node);
    if (location !== undefined && (await node.store.has(location))) {
      try {
        const loaded = await node.store.load(location);
        this.counts.cached[node.kind] = (this.counts.cached[node.kind] ?? 0) + 1;
        return loaded;
      } catch (error) {
        // Cache entries are written atomically, so one that cannot be read was damaged outside a run: recompute.
        this.ctx.log(`cache entry ${location} is damaged (${(error as Error).message.split('\n')[0]}); recomputing`);
      }
    }
    const inputs: unknown[] = [];
    // With several jobs the dependencies start together (a head and a prior can train side by side); with one,
    // one after another as they are listed.
    if ((this.ctx.jobs ?? 1) > 1) inputs.push(...(await Promise.all(node.deps.map((dep) => this.value(dep)))));
    else for (const dep of node.deps) inputs.push(await this.value(dep));
    if (node.store.format !== 'memory') this.ctx.log(`run ${node.kind} ${node.id}: ${node.label}`);
    const compute = () => node.compute(inputs, this.ctx, { key, location });
    const value = ONE_AT_A_TIME.has(node.kind) ? await this.oneAtATime(compute) : await compute();
    if (location !== undefined) await node.store.save(location, value);
    this.counts.computed[node.kind] = (this.counts.computed[node.kind] ?? 0) + 1;
    if (node.store.format !== 'memory') this.computedIds.push(node.id);
    for (const dep of node.deps) this.release(dep);
    return value;
  }

  /** Runs `work` once every one-at-a-time stage started before it has finished. */
  private async oneAtATime<T>(work: () => Promise<T>): Promise<T> {
    const before = this.exclusive;
    let done = () => {};
    this.exclusive = new Promise<void>((resolve) => {
      done = resolve;
    });
    await before;
    try {
      return await work();
    } finally {
      done();
    }
  }

  private release(node: StageNode): void {
    const left = (this.uses.get(node) ?? 0) - 1;
    this.uses.set(node, left);
    // Always-run stages stay: their keys were derived from their values and they are small.
    if (left <= 0 && !node.contentKey) this.values.delete(node);
  }

  /**
   * Computes (or loads) every target and returns their values in target order, with a progress bar over the
   * targets. With `ctx.jobs` > 1, up to 2 x jobs targets are worked on at once, taken in order (default: one
   * after another); after a failure no new
   * target starts, those under way finish, and the first error is thrown.
   * @param label the progress bar's label; default 'stages'.
   */
  async run<T>(targets: readonly StageNode<T>[], label = 'stages'): Promise<T[]> {
    for (const node of stageClosure(targets))
      for (const dep of node.deps) this.uses.set(dep, (this.uses.get(dep) ?? 0) + 1);
    const out = new Array<T>(targets.length);
    const bar = this.ctx.progress(label, targets.length, 'targets');
    let next = 0;
    let failure: { error: unknown } | undefined;
    const lane = async () => {
      while (!failure && next < targets.length) {
        const index = next++;
        try {
          out[index] = await this.value(targets[index]);
          bar.increment();
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    try {
      // Two targets per job: while one waits for a worker, the other's light stages (logits, scores) keep this
      // thread busy and the next heavy step is already queued. One job keeps the one-after-another order.
      const jobs = this.ctx.jobs ?? 1;
      const lanes = Math.max(1, Math.min(jobs > 1 ? 2 * jobs : 1, targets.length));
      await Promise.all(Array.from({ length: lanes }, lane));
    } finally {
      bar.stop();
    }
    if (failure) throw failure.error;
    return out;
  }
}
