import { UserError } from '@gla/core';

/** An input file a stage needs is absent: dry runs list it, real runs stop with its path and role. */
export class MissingInputError extends UserError {
  override name = 'MissingInputError';
  constructor(
    readonly path: string,
    readonly what: string,
  ) {
    super(`${path}: file not found (${what})`);
  }
}
