import { CliError } from './cli-error.js';
import { messages } from './messages.js';

/** A decimal number as people write it: `0.5`, `-1`, `.5`, `1e-3`; no hex, binary or octal, no blanks. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Parses a numeric flag value strictly: `Number('')` and `Number(' ')` are 0 and `Number('0x1')` is 1, so a
 * blank or mistyped value would otherwise pass as a valid number.
 * @throws CliError `<flag>: expected a number, got '<value>'` for anything but a finite decimal number.
 */
export function parseNumberFlag(flag: string, value: string): number {
  const n = strictNumber(value);
  if (!Number.isFinite(n)) throw new CliError(messages.badNumber(flag, value));
  return n;
}

/** `value` as a number when it is a plain decimal (see {@link parseNumberFlag}), else NaN. */
export function strictNumber(value: string): number {
  return DECIMAL.test(value) ? Number(value) : Number.NaN;
}
