import { type LogitRows, type ParallelPool, confidenceTemperature, nllTemperature } from '@gla/core';
import { CliError } from './cli-error.js';
import { strictNumber } from './number-flag.js';

/**
 * The one temperature vocabulary of the CLI and the configs: `none` (T = 1), `confidence` (the authors' rule: mean
 * max-softmax confidence equals accuracy on the same set), `nll` (temperature scaling: T minimising the mean
 * cross-entropy) or a positive number.
 */
export type TemperatureRuleName = 'none' | 'confidence' | 'nll' | 'given';

/** A parsed `--temperature` value: the rule, and the number when the rule is `given`. */
export interface TemperatureRule {
  rule: TemperatureRuleName;
  value?: number;
}

/** The temperature a command used, as artifacts record it. */
export interface AppliedTemperature {
  rule: TemperatureRuleName;
  /** T the logits were divided by. */
  value: number;
}

/**
 * Parses a temperature flag: `none`, `confidence`, `nll` or a positive number. `auto` (the CLI's earlier name of
 * `confidence`) is accepted as the same rule so existing scripts keep working.
 * @throws CliError naming `flag` on anything else
 */
export function parseTemperatureRule(text: string, flag = '--temperature'): TemperatureRule {
  if (text === 'none' || text === 'confidence' || text === 'nll') return { rule: text };
  if (text === 'auto') return { rule: 'confidence' };
  // Strictly decimal (number-flag.ts): a blank or hexadecimal value is refused, never read as 0 or 1.
  const value = strictNumber(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new CliError(`${flag}: expected none, confidence, nll or a positive number, got '${text}'`);
  }
  return { rule: 'given', value };
}

/**
 * The temperature a rule gives on a labelled set: 1 for `none`, the given number, or the one fitted on
 * `logits` / `labels` (confidence matching to 0.1 percentage points as the authors' few-shot code, on the scoring
 * kernel, or NLL on its Newton kernel; on `pool`'s lanes, logits in memory or left in their file).
 */
export function applyTemperatureRule(
  rule: TemperatureRule,
  logits: LogitRows,
  labels: Int32Array,
  pool?: ParallelPool,
): AppliedTemperature {
  switch (rule.rule) {
    case 'none':
      return { rule: 'none', value: 1 };
    case 'given':
      return { rule: 'given', value: rule.value as number };
    case 'confidence':
      return { rule: 'confidence', value: confidenceTemperature(logits, labels, { pool }).temperature };
    case 'nll':
      return { rule: 'nll', value: nllTemperature(logits, labels, undefined, undefined, pool).temperature };
  }
}
