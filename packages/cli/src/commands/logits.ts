import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ParallelPool, defaultThreads, encodeNpy, encodeNpyHeader, isUserError } from '@gla/core';
import { createProgress, extractFeatureSet, featureFile, headLogitBlocks } from '@gla/experiments';
import { CliError } from '../cli-error.js';
import { messages } from '../messages.js';
import { checkOutputLocation } from '../output-location.js';
import { readLogits } from '../read-array-files.js';
import { writeBlocksAtomically, writeFileAtomically, writeJsonAtomic } from '../write-output.js';
import { extractionSettings, readImageSource, type ImageSourceOptions } from '../features/image-source.js';

/** Flags of `gla logits`. */
export interface LogitsCommandOptions extends ImageSourceOptions {
  /** N x D image features (`gla features`), with `head`. */
  features?: string;
  /** K x D head (`gla zeroshot-head`), with `features`. */
  head?: string;
  /** An end-to-end classifier exported to ONNX, run on images (with `model` for the preprocessing). */
  classifier?: string;
  /** Input and output names of the classifier; default pixel_values and logits. */
  classifierInput?: string;
  classifierOutput?: string;
  /** model.json of the CLIP export the classifier was fine-tuned from (its preprocessing). */
  model?: string;
  /** Cache root for the classifier's outputs; default `cache`. */
  cache?: string;
  /** Logit scale; default the `logitScale` recorded beside the head or in the features' `features.json`, else 100. */
  scale?: string;
  /** Output `.npy`; a `<out>.json` beside it records the inputs and the scale. */
  out: string;
}

/**
 * Runs `gla logits`: `scale * normalise(features) . head^T` (CLIP's zero-shot logits: 100 x cosine), or an ONNX
 * classifier's outputs on images (`--classifier`), computed as `gla run` computes them, written as N x K float32
 * `.npy` with a JSON sidecar saying how.
 */
export async function logitsCommand(options: LogitsCommandOptions, log: (line: string) => void): Promise<void> {
  if (!options.out.endsWith('.npy')) throw new CliError(`${options.out}: the logits are written as .npy`);
  const fromHead = options.features !== undefined || options.head !== undefined;
  if (fromHead === (options.classifier !== undefined) || (fromHead && (!options.features || !options.head))) {
    throw new CliError(
      'gla logits: give --features and --head, or --classifier with --model and an image source (--images or --coop-split)',
    );
  }
  if (options.classifier !== undefined) return classifierLogits(options, log);
  const features = options.features as string;
  const headFile = options.head as string;
  const scale = options.scale === undefined ? recordedScale(headFile, features) : Number(options.scale);
  if (!Number.isFinite(scale) || scale <= 0)
    throw new CliError(`--scale: expected a positive number, got '${options.scale}'`);
  checkOutputLocation(options.out);
  // The features stay in their file: read, normalised and scored 4,096 rows at a time, the logits written as they
  // come (ImageNet train: 1.28 M x 1,000 float32 logits are 5.1 GB), the same bits as scoring them whole.
  const x = featureFile(resolve(features));
  const head = readLogits(headFile);
  if (head.cols !== x.cols) {
    throw new CliError(`${headFile}: ${head.cols} columns, but the features in ${features} have ${x.cols}`);
  }
  // The products of each block on every core (the same bits on any number).
  const pool = ParallelPool.open(defaultThreads());
  const progress = createProgress('logits', x.rows, 'rows');
  try {
    const blocks = headLogitBlocks(x, head, scale, pool);
    await writeBlocksAtomically(options.out, npyBlocks(x.rows, head.rows, blocks, progress));
  } finally {
    progress.stop();
    pool.close();
  }
  await writeJsonAtomic(sidecarOf(options.out), {
    format: 'gla-logits/1',
    rule: 'scale * (features / |features|) . head^T',
    features: resolve(features),
    head: resolve(headFile),
    scale,
    rows: x.rows,
    classes: head.rows,
  });
  log(`${x.rows} x ${head.rows} logits (scale ${scale})`);
  log(messages.wrote(`${options.out} and ${sidecarOf(options.out)}`));
}

/** The bytes of a rows x classes float32 `.npy`: its header, then each block's logits as they come. */
function* npyBlocks(
  rows: number,
  classes: number,
  blocks: Iterable<{ start: number; rows: number; logits: Float32Array }>,
  progress: { update(done: number): void },
): Generator<Uint8Array> {
  yield encodeNpyHeader('<f4', [rows, classes]);
  for (const block of blocks) {
    yield new Uint8Array(block.logits.buffer, block.logits.byteOffset, block.logits.byteLength);
    progress.update(block.start + block.rows);
  }
}

/** An ONNX classifier's logits on images, through the feature cache as `gla run` computes them. */
async function classifierLogits(options: LogitsCommandOptions, log: (line: string) => void): Promise<void> {
  if (options.model === undefined)
    throw new CliError('gla logits --classifier: give --model <model.json> of the CLIP export it was fine-tuned from');
  if (options.scale !== undefined) throw new CliError('--scale: a classifier outputs its logits as they are');
  checkOutputLocation(options.out);
  try {
    const settings = extractionSettings(options);
    const images = await readImageSource(options, 'gla logits');
    const set = await extractFeatureSet({
      manifest: options.model,
      classifier: {
        file: options.classifier as string,
        input: options.classifierInput,
        output: options.classifierOutput,
      },
      images,
      cacheDir: options.cache ?? 'cache',
      log,
      ...settings,
    });
    await writeLogits(options.out, set.features, {
      rule: 'the classifier output on CLIP-preprocessed images',
      classifier: set.modelFiles,
      preprocess: set.manifest.preprocess,
      source: images.source,
      ids: images.samples.map((s) => s.id),
      ...settings,
    });
    log(
      `${set.features.rows} x ${set.features.cols} logits of ${options.classifier}${set.fromCache ? ' (from the cache)' : ''}`,
    );
    log(messages.wrote(`${options.out} and ${sidecarOf(options.out)}`));
  } catch (error) {
    if (error instanceof CliError || !isUserError(error)) throw error;
    throw new CliError(error.message);
  }
}

/** Writes the logits `.npy` and the JSON beside it that says how they were made. */
async function writeLogits(
  out: string,
  logits: { data: Float32Array; rows: number; cols: number },
  how: Record<string, unknown>,
): Promise<void> {
  await writeFileAtomically(out, encodeNpy(logits.data, [logits.rows, logits.cols]));
  await writeJsonAtomic(sidecarOf(out), { format: 'gla-logits/1', ...how, rows: logits.rows, classes: logits.cols });
}

/** The JSON beside a logits file: `zs.npy` -> `zs.json`. */
function sidecarOf(out: string): string {
  return out.replace(/\.npy$/, '.json');
}

/**
 * The logit scale recorded beside the head (`gla zeroshot-head`) or the features (`gla features`), both from the
 * export's manifest; else CLIP's 100.
 */
function recordedScale(head: string, features: string): number {
  for (const sidecar of [head.replace(/\.npy$/, '.json'), join(dirname(features), 'features.json')]) {
    try {
      const recorded = JSON.parse(readFileSync(sidecar, 'utf8')) as { logitScale?: unknown };
      if (typeof recorded.logitScale === 'number' && recorded.logitScale > 0) return recorded.logitScale;
    } catch {
      // No record there: the next one, or the default, applies.
    }
  }
  return 100;
}
