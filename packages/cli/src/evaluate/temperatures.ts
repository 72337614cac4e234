import { CliError } from '../cli-error.js';
import { strictNumber } from '../number-flag.js';
import type { readPriorMetadata } from '../artifacts/prior-file.js';
import type { UsedTemperature } from './metrics-file.js';

/** A temperature flag of `evaluate`: a positive number or `none` (T = 1); fitted rules belong to estimate-prior. */
export function parseGivenTemperature(flag: string, value: string): number {
  if (value === 'none') return 1;
  const t = strictNumber(value);
  // A number that is not > 0: the same words as core's checkTemperature.
  if (Number.isFinite(t) && t <= 0) throw new CliError(`${flag}: must be a finite number > 0, got ${t}`);
  if (!Number.isFinite(t)) {
    throw new CliError(
      `${flag}: expected a positive number or none, got '${value}' (fitted rules such as confidence or nll are applied by gla estimate-prior on the estimation set and recorded in the prior file)`,
    );
  }
  return t;
}

/** The zero-shot temperature to apply: the flag's (noting what it overrides), the prior file's, or 1. */
export function zeroShotTemperature(
  options: { zeroShotTemperature?: string; prior: string },
  recorded: ReturnType<typeof readPriorMetadata>,
  log: (line: string) => void,
): Omit<UsedTemperature, 'appliesTo'> {
  if (options.zeroShotTemperature !== undefined) {
    const value = parseGivenTemperature('--zero-shot-temperature', options.zeroShotTemperature);
    if (recorded.temperature !== undefined && recorded.temperature !== value) {
      log(
        `note: --zero-shot-temperature ${value} overrides T = ${recorded.temperature} (${recorded.temperatureRule ?? 'recorded'}) that ${options.prior} was estimated with`,
      );
    }
    return { value, source: 'flag' };
  }
  if (recorded.temperature !== undefined) {
    return {
      value: recorded.temperature,
      source: 'prior file',
      ...(recorded.temperatureRule ? { rule: recorded.temperatureRule } : {}),
    };
  }
  return { value: 1, source: 'default' };
}
