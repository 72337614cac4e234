/**
 * The one base class of a user's mistake (a bad file, config, dataset, model or flag): its message is one line
 * naming the file and the problem, shown as is with exit code 2. Any other error is a bug (stack trace, exit 1).
 * Every package's error class extends this one, so the CLI tells the two apart by type, not by name.
 */
export class UserError extends Error {
  override name = 'UserError';
}

/** Whether `error` is a user's mistake ({@link UserError} or a subclass). */
export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
