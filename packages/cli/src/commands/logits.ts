import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { encodeNpy } from '@gla/core';
import { headLogits } from '@gla/experiments';
import { CliError } from '../cli-error.js';
import { messages } from '../messages.js';
import { checkOutputLocation } from '../output-location.js';
import { readLogits } from '../read-array-files.js';
import { writeFileAtomically, writeJsonAtomic } from '../write-output.js';

/** Flags of `gla logits`. */
export interface LogitsCommandOptions {
  /** N x D image features (`gla features`). */
  features: string;
  /** K x D head (`gla zeroshot-head`). */
  head: string;
  /** Logit scale; default the `logitScale` recorded in the features' `features.json`, else 100 (CLIP's). */
  scale?: string;
  /** Output `.npy`; a `<out>.json` beside it records the inputs and the scale. */
  out: string;
}

/**
 * Runs `gla logits`: `scale * normalise(features) . head^T` (CLIP's zero-shot logits: 100 x cosine), computed
 * with the same function as `gla run`, written as N x K float32 `.npy` with a JSON sidecar naming its inputs.
 */
export async function logitsCommand(options: LogitsCommandOptions, log: (line: string) => void): Promise<void> {
  const scale = options.scale === undefined ? recordedScale(options.features) : Number(options.scale);
  if (!Number.isFinite(scale) || scale <= 0)
    throw new CliError(`--scale: expected a positive number, got '${options.scale}'`);
  if (!options.out.endsWith('.npy')) throw new CliError(`${options.out}: the logits are written as .npy`);
  checkOutputLocation(options.out);
  const features = readLogits(options.features);
  const head = readLogits(options.head);
  if (head.cols !== features.cols) {
    throw new CliError(
      `${options.head}: ${head.cols} columns, but the features in ${options.features} have ${features.cols}`,
    );
  }
  const logits = headLogits(features, head, scale);
  await writeFileAtomically(options.out, encodeNpy(logits.data, [logits.rows, logits.cols]));
  const sidecar = options.out.replace(/\.npy$/, '.json');
  await writeJsonAtomic(sidecar, {
    format: 'gla-logits/1',
    rule: 'scale * (features / |features|) . head^T',
    features: resolve(options.features),
    head: resolve(options.head),
    scale,
    rows: logits.rows,
    classes: logits.cols,
  });
  log(`${logits.rows} x ${logits.cols} logits (scale ${scale})`);
  log(messages.wrote(`${options.out} and ${sidecar}`));
}

/** The logit scale `gla features` recorded beside the features (from the export's manifest), else CLIP's 100. */
function recordedScale(features: string): number {
  try {
    const manifest = JSON.parse(readFileSync(join(dirname(features), 'features.json'), 'utf8')) as {
      logitScale?: unknown;
    };
    if (typeof manifest.logitScale === 'number' && manifest.logitScale > 0) return manifest.logitScale;
  } catch {
    // No manifest beside the features: the default applies.
  }
  return 100;
}
