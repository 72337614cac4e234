import { checkPrior, classPrior } from '@gla/core';
import { CliError } from '../cli-error.js';
import { readLabels } from '../read-array-files.js';

/**
 * The downstream prior pi_s of `gla evaluate --train-labels`: the fine-tuning labels' frequencies over `classes`
 * classes. Every class needs a training sample (log pi_s must be finite).
 * @throws CliError (one line naming the file) on a label outside [0, classes) or a class without a sample
 */
export function readDownstreamPrior(file: string, classes: number): Float64Array {
  const trainLabels = readLabels(file);
  for (let i = 0; i < trainLabels.length; i++) {
    if (trainLabels[i] < 0 || trainLabels[i] >= classes) {
      throw new CliError(`${file}: label ${trainLabels[i]} at index ${i} is outside [0, ${classes})`);
    }
  }
  const prior = classPrior(trainLabels, classes);
  const empty = prior.indexOf(0);
  if (empty >= 0) throw new CliError(`${file}: class ${empty} has no training sample, so log pi_s is undefined`);
  return checkPrior(prior, classes, file).prior;
}
