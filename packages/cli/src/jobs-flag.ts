import { CliError } from './cli-error.js';
import { strictNumber } from './number-flag.js';

/**
 * Parses `--jobs` of `gla run` and `gla demo`: stages worked on at once and worker threads for their heavy steps.
 * Undefined (the flag absent) means every core, which the runner decides.
 * @throws CliError (one line, exit 2) unless the value is a positive integer
 */
export function parseJobs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const jobs = strictNumber(value);
  if (!Number.isInteger(jobs) || jobs < 1) throw new CliError(`--jobs: expected a positive integer, got '${value}'`);
  return jobs;
}
