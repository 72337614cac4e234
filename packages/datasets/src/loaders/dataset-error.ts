import { UserError } from '@gla/core';

/** A dataset file or folder that cannot be used as it is; `file` names it, the message says why. */
export class DatasetError extends UserError {
  override readonly name = 'DatasetError';

  /**
   * @param file the offending file or folder
   * @param message one line naming the file and the problem, from `messages.ts`
   */
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}
