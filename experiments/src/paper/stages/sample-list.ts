import { relative, sep } from 'node:path';
import type { DatasetSplit } from '@gla/datasets';
import { hashJson } from '../../engine/canonical-json.js';

/** One image of a split: `id` is its path relative to the dataset's root, so ids agree across machines. */
export interface ListedSample {
  readonly id: string;
  readonly path: string;
  readonly label: number;
}

/** The images of one split in row order, with the class names their labels index. */
export interface SampleList {
  readonly name: string;
  readonly classNames: readonly string[];
  readonly samples: readonly ListedSample[];
  /** For a class subset (ImageNet-R / -A): each label's index in the full class list. */
  readonly classIndices?: readonly number[];
}

/** A dataset split as a sample list; ids are the paths relative to `root` (forward slashes). */
export function toSampleList(split: DatasetSplit, root: string, classIndices?: ArrayLike<number>): SampleList {
  return {
    name: split.name,
    classNames: split.classNames,
    samples: split.samples.map((s) => ({
      id: relative(root, s.path).split(sep).join('/'),
      path: s.path,
      label: s.label,
    })),
    ...(classIndices ? { classIndices: Array.from(classIndices) } : {}),
  };
}

/** The first `perClass` samples of each class, in order (smoke tests); the list itself when undefined. */
export function limitPerClass(list: SampleList, perClass: number | undefined): SampleList {
  if (perClass === undefined) return list;
  const taken = new Map<number, number>();
  const samples = list.samples.filter((s) => {
    const n = taken.get(s.label) ?? 0;
    taken.set(s.label, n + 1);
    return n < perClass;
  });
  return { ...list, samples };
}

/** Content key of a list: ids, labels, class names and subset (not absolute paths, which differ per machine). */
export function sampleListKey(list: SampleList): string {
  return hashJson({
    ids: list.samples.map((s) => s.id),
    labels: list.samples.map((s) => s.label),
    classNames: list.classNames,
    classIndices: list.classIndices ?? null,
  });
}

/** The labels of a list as an Int32Array. */
export function labelsOf(list: SampleList): Int32Array {
  return Int32Array.from(list.samples, (s) => s.label);
}

/** The union of several lists (first occurrence of each id kept, in order): the few-shot feature pool. */
export function unionOfLists(name: string, lists: readonly SampleList[]): SampleList {
  const seen = new Set<string>();
  const samples: ListedSample[] = [];
  for (const list of lists) {
    for (const s of list.samples) {
      if (!seen.has(s.id)) {
        seen.add(s.id);
        samples.push(s);
      }
    }
  }
  return { name, classNames: lists[0]?.classNames ?? [], samples };
}
