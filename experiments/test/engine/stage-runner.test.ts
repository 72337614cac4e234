import { describe, expect, it } from 'vitest';
import { FileDigests } from '../../src/engine/file-digests.js';
import { stage, type StageKind, type StageNode } from '../../src/engine/stage-node.js';
import { StageRunner } from '../../src/engine/stage-runner.js';
import { memoryStore } from '../../src/engine/stage-store.js';

const silent = { update() {}, increment() {}, stop() {} };
const runnerWith = (jobs?: number) =>
  new StageRunner({
    root: '.',
    cacheDir: '.',
    log: () => {},
    progress: () => silent,
    digests: new FileDigests(),
    jobs,
  });

/** A latch: `done` resolves once `open` is called. */
function latch() {
  let open = () => {};
  const done = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { done, open };
}

/**
 * A stage that records when it starts and ends; it ends once `wait` resolves (as a worker task would), then opens
 * `ends` (so other stages can wait for it), and fails when asked.
 */
function timed(
  id: string,
  events: string[],
  options: { deps?: StageNode[]; wait?: Promise<void>; ends?: () => void; fail?: boolean; kind?: StageKind } = {},
): StageNode<string> {
  return stage<string>({
    id,
    kind: options.kind ?? 'evaluation',
    label: id,
    deps: options.deps ?? [],
    files: [],
    params: { id },
    store: memoryStore,
    compute: async (inputs) => {
      events.push(`start ${id}`);
      await (options.wait ?? Promise.resolve());
      events.push(`end ${id}`);
      options.ends?.();
      if (options.fail) throw new Error(`${id} failed`);
      return [id, ...inputs].join('+');
    },
  });
}

describe('StageRunner.run with jobs', () => {
  it('works on one target after another by default', async () => {
    const events: string[] = [];
    const out = await runnerWith().run([timed('a', events), timed('b', events)]);
    expect(out).toEqual(['a', 'b']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('works on 2 x jobs targets at once with 2 jobs and returns values in target order', async () => {
    const events: string[] = [];
    const e = latch();
    const out = await runnerWith(2).run([
      timed('a', events, { wait: e.done }),
      timed('b', events, { wait: e.done }),
      timed('c', events, { wait: e.done }),
      timed('d', events),
      timed('e', events, { ends: e.open }),
    ]);
    expect(out).toEqual(['a', 'b', 'c', 'd', 'e']);
    // Four under way at once; e takes d's place once d ends (a, b and c wait for e).
    expect(events.slice(0, 7)).toEqual(['start a', 'start b', 'start c', 'start d', 'end d', 'start e', 'end e']);
    expect(events.slice(7).sort()).toEqual(['end a', 'end b', 'end c']);
  });

  it("starts a stage's dependencies together with 2 jobs, one after another with 1", async () => {
    const one: string[] = [];
    const first = timed('t', one, { deps: [timed('x', one), timed('y', one)] });
    expect(await runnerWith(1).run([first])).toEqual(['t+x+y']);
    expect(one).toEqual(['start x', 'end x', 'start y', 'end y', 'start t', 'end t']);
    // With 2 jobs x can wait for y: both are under way at once.
    const two: string[] = [];
    const y = latch();
    const second = timed('t', two, { deps: [timed('x', two, { wait: y.done }), timed('y', two, { ends: y.open })] });
    expect(await runnerWith(2).run([second])).toEqual(['t+x+y']);
    expect(two).toEqual(['start x', 'start y', 'end y', 'end x', 'start t', 'end t']);
  });

  it('throws the first failure after the targets under way finish, and starts no new one', async () => {
    const events: string[] = [];
    const a = latch();
    const targets = [
      timed('a', events, { ends: a.open, fail: true }),
      timed('b', events, { wait: a.done }),
      timed('c', events, { wait: a.done }),
      timed('d', events, { wait: a.done }),
      timed('e', events),
    ];
    await expect(runnerWith(2).run(targets)).rejects.toThrow('a failed');
    expect(events).toEqual(['start a', 'start b', 'start c', 'start d', 'end a', 'end b', 'end c', 'end d']);
  });

  it('runs feature extractions (onnxruntime, every core already) one at a time, beside other stages', async () => {
    const events: string[] = [];
    const c = latch();
    const out = await runnerWith(2).run([
      timed('f1', events, { kind: 'features', wait: c.done }),
      timed('f2', events, { kind: 'features' }),
      timed('c', events, { ends: c.open }),
    ]);
    expect(out).toEqual(['f1', 'f2', 'c']);
    // f1 ends only after c (which runs beside it); f2 starts only once f1 has ended.
    const at = (event: string) => events.indexOf(event);
    expect(events).toHaveLength(6);
    expect(at('start f1')).toBeLessThan(at('end c'));
    expect(at('end c')).toBeLessThan(at('end f1'));
    expect(at('end f1')).toBeLessThan(at('start f2'));
  });
});
