import { CommanderError } from 'commander';
import { UserError } from '@gla/core';
import { buildProgram, type Log } from './program.js';

/**
 * Runs the `gla` command line on `argv` (without node and script). Returns the exit code: 0 on success,
 * 2 on bad input (one line on stderr naming the file and the problem), 1 on an unexpected failure.
 */
export async function main(argv: string[], log: Log = (line) => process.stderr.write(`${line}\n`)): Promise<number> {
  const program = buildProgram(log);
  program.configureOutput({ writeErr: (text) => log(text.trimEnd()) });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    // Every package's user-error class extends core's UserError: a one-line message, exit 2; anything else is a bug.
    if (error instanceof UserError) {
      log(`gla: ${oneLine(error.message)}`);
      return 2;
    }
    log(
      `gla: unexpected error: ${oneLine((error as Error).message)}${process.env.GLA_DEBUG ? `\n${(error as Error).stack}` : ' (set GLA_DEBUG=1 for the stack)'}`,
    );
    return 1;
  }
}

/** Errors are shown on one line (scripts and logs read stderr line by line); a library's multi-line text is joined. */
function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
