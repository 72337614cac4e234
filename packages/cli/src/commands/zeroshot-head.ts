import { encodeNpy } from '@gla/core';
import {
  ClipTokenizer,
  OnnxTextEncoder,
  encodeZeroShotHead,
  loadModelManifest,
  loadPromptTemplates,
} from '@gla/models';
import { createProgress, readInputFile } from '@gla/experiments';
import { checkOutputNotInput } from '../check-output-not-input.js';
import { writeFileAtomic } from '@gla/report';
import { CliError } from '../cli-error.js';
import { messages } from '../messages.js';

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
      classNames: classNames as string[],
      templates,
      tokenizer,
      encoder,
      onProgress: (done) => progress.update(done),
    });
    progress.stop();
    await writeFileAtomic(options.out, encodeNpy(head.data, [head.rows, head.cols]));
    log(`${head.rows} classes x ${templates.length} templates -> ${head.rows} x ${head.cols} head`);
    log(messages.wrote(options.out));
  } finally {
    await encoder.close();
  }
}
