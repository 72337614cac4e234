import { CommanderError } from 'commander';
import { InputError } from '@gla/core';
import { ConfigError } from '@gla/experiments';
import { buildProgram, type Log } from './program.js';
import { CliError } from './cli-error.js';

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
    if (error instanceof CliError || error instanceof InputError || error instanceof ConfigError) {
      log(`gla: ${error.message}`);
      return 2;
    }
    log(`gla: unexpected error: ${(error as Error).message}${process.env.GLA_DEBUG ? `\n${(error as Error).stack}` : ' (set GLA_DEBUG=1 for the stack)'}`);
    return 1;
  }
}
