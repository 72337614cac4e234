import { resolve } from 'node:path';
import { encodeNpy } from '@gla/core';
import {
  ClipTokenizer,
  OnnxTextEncoder,
  encodeZeroShotHead,
  loadModelManifest,
  loadPromptTemplates,
} from '@gla/models';
import { readInputFile } from '@gla/core';
import { createProgress, promptName } from '@gla/experiments';
import { checkOutputNotInput } from '../check-output-not-input.js';
import { CliError } from '../cli-error.js';
import { messages } from '../messages.js';
import { writeFileAtomically, writeJsonAtomic } from '../write-output.js';

/** Flags of `gla zeroshot-head`. */
export interface ZeroShotHeadCommandOptions {
  /** model.json of the CLIP export (text tower and tokenizer). */
  model: string;
  /** JSON array of class names, in class-index order. */
  classnames: string;
  /** JSON array of templates with `{}` (or an object with `templates`). */
  templates: string;
  /** Output `.npy`: K x D float32, rows L2-normalised. */
  out: string;
}

/**
 * Runs `gla zeroshot-head`: encodes every (class, template) prompt with the text tower, L2-normalises, averages per
 * class and renormalises; zero-shot logits are then `logit_scale * features . head^T`.
 */
export async function zeroShotHeadCommand(
  options: ZeroShotHeadCommandOptions,
  log: (line: string) => void,
): Promise<void> {
  checkOutputNotInput(options.out, {
    '--model': options.model,
    '--classnames': options.classnames,
    '--templates': options.templates,
  });
  // Read through the one input reader: a folder, a FIFO with no writer or a huge file gives one line, never a hang.
  const classNamesText = new TextDecoder().decode(readInputFile(options.classnames));
  let classNames: unknown;
  try {
    classNames = JSON.parse(classNamesText);
  } catch (error) {
    throw new CliError(messages.fileUnreadable(options.classnames, (error as Error).message.split('\n')[0]));
  }
  if (!Array.isArray(classNames) || classNames.length === 0 || classNames.some((c) => typeof c !== 'string')) {
    throw new CliError(messages.classNamesFormat(options.classnames));
  }
  const manifest = await loadModelManifest(options.model);
  const templates = await loadPromptTemplates(options.templates);
  const tokenizer = await ClipTokenizer.fromFile(manifest.tokenizer.vocab);
  const encoder = await OnnxTextEncoder.fromManifest(manifest);
  const progress = createProgress('zero-shot head', classNames.length, 'classes');
  try {
    const head = await encodeZeroShotHead({
      // Underscores become spaces exactly as in gla run (CoOp's split files write "Apply_Eye_Makeup").
      classNames: (classNames as string[]).map(promptName),
      templates,
      tokenizer,
      encoder,
      onProgress: (done) => progress.update(done),
    });
    progress.stop();
    await writeFileAtomically(options.out, encodeNpy(head.data, [head.rows, head.cols]));
    // What the head is, for gla logits (its logit scale) and for a reader of the file.
    const sidecar = options.out.endsWith('.npy') ? options.out.replace(/\.npy$/, '.json') : `${options.out}.json`;
    await writeJsonAtomic(sidecar, {
      format: 'gla-head/1',
      rule: 'per class: each template prompt encoded, L2-normalised, averaged, renormalised',
      model: resolve(options.model),
      classnames: resolve(options.classnames),
      templates: resolve(options.templates),
      templateCount: templates.length,
      classes: head.rows,
      dim: head.cols,
      logitScale: manifest.logitScale,
    });
    log(`${head.rows} classes x ${templates.length} templates -> ${head.rows} x ${head.cols} head`);
    log(messages.wrote(`${options.out} and ${sidecar}`));
  } finally {
    await encoder.close();
  }
}
