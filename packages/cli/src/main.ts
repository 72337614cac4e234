import { CommanderError } from 'commander';
import { buildProgram, type Log } from './program.js';
import { ExitStatus } from './exit-status.js';

/**
 * Runs the `gla` command line on `argv` (without node and script). Returns the exit code: 0 on success,
 * 2 on bad input (one line on stderr naming the file and the problem), 1 on an unexpected failure, 3 when a dry
 * run finds stages blocked by missing inputs.
 * Relative paths resolve against the working directory (the `gla` bin keeps the user's folder as it).
 */
export async function main(argv: string[], log: Log = (line) => process.stderr.write(`${line}\n`)): Promise<number> {
  const program = buildProgram(log);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof ExitStatus) return error.code;
    // Every package's user-error class extends core's UserError: a one-line message, exit 2; anything else is a bug.
    // Imported here, on the error path: core's entry costs `gla --help` and `--version` tens of milliseconds.
    const { UserError } = await import('@gla/core');
    if (error instanceof UserError) {
      log(`gla: ${withHint(oneLine(error.message))}`);
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

/**
 * A hint for the commonest wrong file: a PyTorch file (`torch.save`, a zip or a pickle) where NumPy's `.npy` is
 * expected; the parser only sees bad magic bytes.
 */
function withHint(message: string): string {
  if (!message.includes('bad magic bytes')) return message;
  const torch = /\.(pt|pth|ckpt)\b/.test(message);
  return `${message}; ${torch ? 'this looks like a PyTorch file: ' : 'if it came from torch.save, '}save the tensor with np.save('logits.npy', tensor.cpu().numpy())`;
}
