import { UserError } from '@gla/core';

/** A problem with the user's inputs found while running a pipeline (shapes, labels); one line naming the file. */
export class PipelineError extends UserError {
  override name = 'PipelineError';
}
