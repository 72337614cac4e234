import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DatasetError } from '../loaders/dataset-error.js';
import type { DatasetSplit, Sample } from '../loaders/dataset-split.js';
import { messages } from '../messages.js';
import { collectClassNames } from './collect-class-names.js';
import type { CoopDatasetInfo } from './coop-datasets.js';
import type { CoopSplits } from './coop-split.js';

/** A k-shot training subset and its validation subset. */
export interface FewShotSplits {
  readonly train: DatasetSplit;
  readonly val: DatasetSplit;
  readonly shots: number;
  readonly seed: number;
  /** 'file': a published index file; 'sampled': drawn by `sampleFewShotSplits`. */
  readonly origin: 'file' | 'sampled';
}

/** File name of a published k-shot index, `shot_<k>-seed_<s>.json`. */
export function coopFewShotFileName(shots: number, seed: number): string {
  return `shot_${shots}-seed_${seed}.json`;
}

/**
 * The folder name that ends CoOp's image root for a dataset (e.g. '101_ObjectCategories', or 'stanford_cars'
 * whose paths start at the dataset folder): the anchor for remapping the authors' absolute paths.
 */
export function coopImageMarker(info: CoopDatasetInfo): string {
  return info.imageDir === '' ? info.dir : info.imageDir;
}

/**
 * Maps a path from the authors' machine onto the user's image root by its suffix. With `known` (relative
 * paths of the full split) the longest suffix that is a known path wins; otherwise the part after the last
 * `marker` folder is taken. Returns undefined when neither applies.
 * @param impath the path as written in the index file ('/' or '\' separators)
 * @param marker last folder of CoOp's image root (see {@link coopImageMarker})
 * @param known relative paths that may be matched, '/'-separated
 */
export function remapImpath(
  impath: string,
  marker: string | undefined,
  known?: ReadonlySet<string>,
): string | undefined {
  const parts = impath.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (known) {
    for (let start = 0; start < parts.length; start++) {
      const candidate = parts.slice(start).join('/');
      if (known.has(candidate)) return candidate;
    }
    return undefined;
  }
  if (marker === undefined) return undefined;
  const at = parts.lastIndexOf(marker);
  return at >= 0 && at < parts.length - 1 ? parts.slice(at + 1).join('/') : undefined;
}

interface FileEntry {
  readonly impath: string;
  readonly label: number;
  readonly classname: string;
}

function parsePart(json: unknown, file: string, part: 'train' | 'val'): { data: FileEntry[]; indices?: number[] } {
  const value = (json as Record<string, unknown> | null)?.[part] as Record<string, unknown> | undefined;
  if (typeof value !== 'object' || value === null || !Array.isArray(value.data)) {
    throw new DatasetError(file, messages.splitPartMissing(file, `${part}.data`));
  }
  const data = value.data.map((item: unknown, i): FileEntry => {
    const e = item as Record<string, unknown> | null;
    const ok =
      e !== null &&
      typeof e === 'object' &&
      typeof e.impath === 'string' &&
      Number.isInteger(e.label) &&
      typeof e.classname === 'string';
    if (!ok) throw new DatasetError(file, messages.splitEntry(file, `${part}.data`, i, JSON.stringify(item)));
    return { impath: e.impath as string, label: e.label as number, classname: e.classname as string };
  });
  const indices = value.indices;
  if (
    indices !== undefined &&
    (!Array.isArray(indices) || indices.length !== data.length || !indices.every(Number.isInteger))
  ) {
    throw new DatasetError(file, messages.splitPartMissing(file, `${part}.indices (one integer per entry)`));
  }
  return indices === undefined ? { data } : { data, indices: indices as number[] };
}

/** Options of {@link readCoopFewShotFile}. */
export interface FewShotFileOptions {
  /** The user's image root (the folder the split's relative paths start from). */
  readonly imageRoot: string;
  /** Last folder of CoOp's image root, used when no `reference` is given (see {@link coopImageMarker}). */
  readonly marker?: string;
  /**
   * The dataset's full CoOp split: paths are then matched against it, labels checked against it, and the
   * file's `indices` (positions in the split's train / val lists) checked to point at the same images.
   */
  readonly reference?: CoopSplits;
  /** k and seed, recorded in the result (default: parsed from the file name, else 0). */
  readonly shots?: number;
  readonly seed?: number;
}

/**
 * Reads a published k-shot index file (`{"train": {"data": [{impath, label, classname}], "indices": [...]},
 * "val": {...}}`), remapping the authors' paths onto `imageRoot`. No image is opened.
 * @param file path of `shot_<k>-seed_<s>.json`
 * @param options imageRoot (required), marker or reference, shots, seed
 * @throws DatasetError on a malformed file, a path that cannot be remapped, or a disagreement with `reference`
 */
export async function readCoopFewShotFile(file: string, options: FewShotFileOptions): Promise<FewShotSplits> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new DatasetError(file, messages.fileMissing(file));
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new DatasetError(file, messages.notJson(file, e instanceof Error ? e.message : String(e)));
  }
  const parts = { train: parsePart(json, file, 'train'), val: parsePart(json, file, 'val') };
  const ref = options.reference;
  const classNames = ref
    ? ref.train.classNames
    : collectClassNames(
        [...parts.train.data, ...parts.val.data].map((e) => ({ label: e.label, className: e.classname })),
        file,
      );
  const root = resolve(options.imageRoot);
  const named = /shot_(\d+)-seed_(\d+)/.exec(file);
  const toSplit = (part: 'train' | 'val'): DatasetSplit => {
    const { data, indices } = parts[part];
    const refPaths = ref?.relativePaths[part];
    const refLabel = ref ? new Map(refPaths!.map((p, i) => [p, ref[part].samples[i].label])) : undefined;
    const known = refLabel ? new Set(refLabel.keys()) : undefined;
    const samples = data.map((e, i): Sample => {
      const rel = remapImpath(e.impath, options.marker, known);
      if (rel === undefined) throw new DatasetError(file, messages.unmappedImpath(file, e.impath, options.marker));
      if (refLabel && refLabel.get(rel) !== e.label) {
        throw new DatasetError(file, messages.fewShotLabel(file, e.impath, e.label, refLabel.get(rel) ?? -1));
      }
      if (refPaths && indices && refPaths[indices[i]] !== rel) {
        throw new DatasetError(file, messages.fewShotIndex(file, part, i, indices[i], rel));
      }
      if (e.label >= classNames.length)
        throw new DatasetError(file, messages.labelOutOfRange(file, i, e.label, classNames.length));
      return { path: join(root, rel), label: e.label };
    });
    return { name: `${named?.[0] ?? 'fewshot'}/${part}`, classNames, samples };
  };
  return {
    train: toSplit('train'),
    val: toSplit('val'),
    shots: options.shots ?? (named ? Number(named[1]) : 0),
    seed: options.seed ?? (named ? Number(named[2]) : 0),
    origin: 'file',
  };
}
