import { mergeOnnxWeights } from '@gla/models';
import { CliError } from '../cli-error.js';
import { messages } from '../messages.js';
import { checkOutputNotInput } from '../check-output-not-input.js';
import { parseNumberFlag } from '../number-flag.js';

/** Flags of `gla merge`. */
export interface MergeCommandOptions {
  zeroShot: string;
  fineTuned: string;
  /** Weight of the fine-tuned model in [0, 1]; default '0.5' (the paper's WiSE-FT row). */
  alpha?: string;
  out: string;
}

/** Runs `gla merge`: WiSE-FT weight-space interpolation of two ONNX exports of the same network. */
export async function mergeCommand(options: MergeCommandOptions, log: (line: string) => void): Promise<void> {
  const alpha = parseNumberFlag('--alpha', options.alpha ?? '0.5');
  if (!Number.isFinite(alpha) || alpha < 0 || alpha > 1) throw new CliError(messages.badAlpha(alpha));
  // The merged model replaces --out atomically: were it an input, that input would be lost.
  checkOutputNotInput(options.out, { '--zero-shot': options.zeroShot, '--fine-tuned': options.fineTuned });
  const report = await mergeOnnxWeights({
    first: options.zeroShot,
    second: options.fineTuned,
    output: options.out,
    alpha,
  });
  log(`interpolated ${report.interpolated} float initializers at alpha ${alpha}, copied ${report.copied} others`);
  log(messages.wrote(report.externalData ? `${report.output} and ${report.externalData}` : report.output));
}
