import { readFile } from 'node:fs/promises';
import { readClassNamesFile } from '@gla/datasets';
import { hashJson } from '../../engine/canonical-json.js';
import { MissingInputError } from '../../engine/missing-input-error.js';
import { PipelineError } from '../../engine/pipeline-error.js';
import { stage, type StageNode } from '../../engine/stage-node.js';
import { memoryStore } from '../../engine/stage-store.js';

/**
 * A list of names: a JSON list, a JSON object with the list under `field` (`classnames`, `wnids`), or a
 * `classnames.txt` with `<id> <name>` lines (the long-tail releases).
 */
export async function readNameList(path: string, what: string, field: string): Promise<string[]> {
  if (path.endsWith('.txt')) {
    await readFile(path).catch(() => {
      throw new MissingInputError(path, what);
    });
    return (await readClassNamesFile(path)).names;
  }
  const text = await readFile(path, 'utf8').catch(() => {
    throw new MissingInputError(path, what);
  });
  const value = JSON.parse(text) as unknown;
  const list = Array.isArray(value) ? value : (value as Record<string, unknown>)?.[field];
  if (!Array.isArray(list) || list.some((v) => typeof v !== 'string'))
    throw new PipelineError(`${path}: expected a JSON list of names or {"${field}": [...]} (${what})`);
  return list as string[];
}

/** Class names read from a file on every run; zero-shot heads depend on their content. */
export function nameListStage(
  id: string,
  path: string,
  what: string,
  field = 'classnames',
): StageNode<readonly string[]> {
  return stage({
    id,
    kind: 'samples',
    label: `names from ${what}`,
    deps: [],
    files: [],
    params: null,
    store: memoryStore,
    compute: () => readNameList(path, what, field),
    contentKey: (names) => hashJson(names),
  });
}
