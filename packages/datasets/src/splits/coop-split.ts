import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DatasetError } from '../loaders/dataset-error.js';
import type { DatasetSplit, Sample } from '../loaders/dataset-split.js';
import { messages } from '../messages.js';
import { collectClassNames } from './collect-class-names.js';

/** The three splits of a CoOp dataset, sharing one class-name list. */
export interface CoopSplits {
  readonly train: DatasetSplit;
  readonly val: DatasetSplit;
  readonly test: DatasetSplit;
  /** Each sample's path relative to the image root as the split file lists it, per split. */
  readonly relativePaths: {
    readonly train: readonly string[];
    readonly val: readonly string[];
    readonly test: readonly string[];
  };
}

type Entry = [string, number, string];

function parseEntries(value: unknown, file: string, part: string): Entry[] {
  if (!Array.isArray(value)) throw new DatasetError(file, messages.splitPartMissing(file, part));
  return value.map((item: unknown, i) => {
    const ok =
      Array.isArray(item) &&
      item.length === 3 &&
      typeof item[0] === 'string' &&
      Number.isInteger(item[1]) &&
      typeof item[2] === 'string';
    if (!ok) throw new DatasetError(file, messages.splitEntry(file, part, i, JSON.stringify(item)));
    return item as Entry;
  });
}

/**
 * Parses a CoOp split (`split_zhou_<Name>.json`, `{train, val, test}` lists of
 * `[relative path, label, class name]`) already read as JSON.
 * @param json the parsed file
 * @param file the file's path, for messages
 * @param imageRoot folder the relative paths start from (see `coopPaths`)
 * @param name prefix of the split names (default 'coop')
 * @throws DatasetError on a malformed entry, a label with two names, or a label gap
 */
export function parseCoopSplit(json: unknown, file: string, imageRoot: string, name = 'coop'): CoopSplits {
  if (typeof json !== 'object' || json === null) throw new DatasetError(file, messages.splitNotObject(file));
  const record = json as Record<string, unknown>;
  const parts = {
    train: parseEntries(record.train, file, 'train'),
    val: parseEntries(record.val, file, 'val'),
    test: parseEntries(record.test, file, 'test'),
  };
  const all = [...parts.train, ...parts.val, ...parts.test];
  const classNames = collectClassNames(
    all.map(([, label, className]) => ({ label, className })),
    file,
  );
  const root = resolve(imageRoot);
  const toSplit = (part: 'train' | 'val' | 'test'): DatasetSplit => ({
    name: `${name}/${part}`,
    classNames,
    samples: parts[part].map(([rel, label]): Sample => ({ path: resolve(root, rel), label })),
  });
  return {
    train: toSplit('train'),
    val: toSplit('val'),
    test: toSplit('test'),
    relativePaths: {
      train: parts.train.map((e) => e[0]),
      val: parts.val.map((e) => e[0]),
      test: parts.test.map((e) => e[0]),
    },
  };
}

/**
 * Reads a CoOp split file. No image is opened; check files with `validateSplit`.
 * @param file path of `split_zhou_<Name>.json`
 * @param imageRoot folder the relative paths start from (e.g. `<root>/caltech-101/101_ObjectCategories`)
 * @param name prefix of the split names (default: 'coop')
 * @throws DatasetError when the file is missing, not JSON, or malformed
 */
export async function readCoopSplit(file: string, imageRoot: string, name?: string): Promise<CoopSplits> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new DatasetError(file, messages.fileMissing(file));
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new DatasetError(file, messages.notJson(file, e instanceof Error ? e.message : String(e)));
  }
  return parseCoopSplit(json, file, imageRoot, name);
}
