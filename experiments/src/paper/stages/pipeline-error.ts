/** A problem with the user's inputs found while running a pipeline (shapes, labels); one line naming the file. */
export class PipelineError extends Error {
  override name = 'PipelineError';
}
