import { readFile } from 'node:fs/promises';
import { messages } from './messages.js';
import { ModelError } from './model-error.js';

// `{}` is CLIP's notebook convention (str.format), `{c}` the named form some prompt files use.
const PLACEHOLDER = /\{c?\}/g;
const HAS_PLACEHOLDER = /\{c?\}/;

/**
 * Puts a class name into a prompt template, replacing every `{}` or `{c}`.
 * @throws ModelError `ARGUMENT` when the template has no placeholder (it would ignore the class).
 */
export function fillTemplate(template: string, className: string): string {
  if (!HAS_PLACEHOLDER.test(template)) throw new ModelError(messages.templateNoPlaceholder(template), 'ARGUMENT');
  return template.replace(PLACEHOLDER, () => className);
}

/**
 * Reads prompt templates from JSON: an array of strings, or an object with a `templates` array
 * (the format of the project's `imagenet-templates.json`).
 * @throws ModelError `FILE_MISSING` or `MANIFEST_INVALID` naming the file.
 */
export async function loadPromptTemplates(path: string): Promise<string[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    if (missing) throw new ModelError(messages.fileMissing(path, 'prompt template file'), 'FILE_MISSING', path);
    throw new ModelError(messages.manifestNotJson(path, (error as Error).message), 'MANIFEST_INVALID', path);
  }
  const list = Array.isArray(json) ? json : (json as { templates?: unknown })?.templates;
  if (!Array.isArray(list) || list.length === 0 || !list.every((t) => typeof t === 'string')) {
    throw new ModelError(messages.templatesInvalid(path), 'MANIFEST_INVALID', path);
  }
  const bad = list.find((t) => !HAS_PLACEHOLDER.test(t));
  if (bad !== undefined) throw new ModelError(messages.templateFileNoPlaceholder(path, bad), 'MANIFEST_INVALID', path);
  return list;
}
