/**
 * Ends a command with a specific exit code after it has said everything it had to say (no message is printed):
 * `gla run --dry-run` exits 3 when a stage is blocked by a missing input.
 */
export class ExitStatus extends Error {
  override name = 'ExitStatus';
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}
