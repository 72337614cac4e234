import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { hashJson } from '../../engine/canonical-json.js';
import { MissingInputError } from '../../engine/missing-input-error.js';
import { PipelineError } from '../../engine/pipeline-error.js';
import { stage, type StageNode } from '../../engine/stage-node.js';
import { memoryStore } from '../../engine/stage-store.js';

const list = z.array(z.string().min(1)).min(1);
const entry = z.union([
  z.strictObject({ templates: list, note: z.string().optional() }),
  z.strictObject({ file: z.string().min(1), note: z.string().optional() }),
]);
const templateFile = z.union([
  list,
  z.object({ templates: list }),
  z.object({ datasets: z.record(z.string(), entry) }),
]);

async function readJson(path: string, what: string): Promise<unknown> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new MissingInputError(path, what);
  });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PipelineError(`${path}: not valid JSON (${(error as Error).message}) (${what})`);
  }
}

/**
 * Prompt templates (`{}` = class name) for a dataset from a template file: a JSON list, `{templates: [...]}`, or a
 * per-dataset map `{datasets: {<CoOp name>: {templates: [...]} | {file: "<list file, relative to this one>"}}}`.
 */
export async function readPromptTemplates(path: string, dataset: string | undefined, what: string): Promise<string[]> {
  const parsed = templateFile.safeParse(await readJson(path, what));
  if (!parsed.success)
    throw new PipelineError(`${path}: expected a list of templates, {templates: [...]} or {datasets: {...}} (${what})`);
  const value = parsed.data;
  if (Array.isArray(value)) return value;
  if ('templates' in value) return value.templates as string[];
  const found = dataset === undefined ? undefined : value.datasets[dataset];
  if (!found) throw new PipelineError(`${path}: no templates for dataset '${dataset}' (${what})`);
  if ('templates' in found) return found.templates;
  return readPromptTemplates(resolve(dirname(path), found.file), undefined, `${what} -> ${found.file}`);
}

/** The templates of one dataset, read on every run; the zero-shot head depends on their content. */
export function promptTemplatesStage(
  id: string,
  path: string,
  dataset: string | undefined,
  what: string,
): StageNode<string[]> {
  return stage({
    id,
    kind: 'model',
    label: `prompt templates${dataset ? ` for ${dataset}` : ''} from ${what}`,
    deps: [],
    files: [],
    params: null,
    store: memoryStore,
    compute: () => readPromptTemplates(path, dataset, what),
    contentKey: (templates) => hashJson(templates),
  });
}
