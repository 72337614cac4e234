import { UserError } from '@gla/core';

/** An error whose one-line message is shown to the user as is, with a non-zero exit. */
export class CliError extends UserError {
  override name = 'CliError';
}
