import { CliError } from '../cli-error.js';
import { strictNumber } from '../number-flag.js';

/** The alphas of the default output-ensemble sweep: 0, 0.1, ..., 1 (as WiSE-FT's curves). */
export const DEFAULT_SWEEP = Array.from({ length: 11 }, (_, i) => i / 10);

/**
 * Parses `--sweep`: `true` (the flag alone) gives {@link DEFAULT_SWEEP}; otherwise a comma-separated list of
 * numbers in [0, 1], e.g. `0,0.25,0.5,0.75,1`. Duplicates are refused (they would be two equal rows).
 */
export function parseSweep(value: string | boolean | undefined): number[] {
  if (value === undefined || value === false) return [];
  if (value === true) return DEFAULT_SWEEP;
  const parts = value.split(',').map((s) => s.trim());
  const alphas = parts.map((s) => {
    const a = strictNumber(s);
    if (s === '' || !Number.isFinite(a) || a < 0 || a > 1)
      throw new CliError(`--sweep: expected numbers in [0, 1] separated by commas, got '${value}'`);
    return a;
  });
  if (new Set(alphas).size !== alphas.length) throw new CliError(`--sweep: alpha listed twice in '${value}'`);
  return alphas;
}

/** One `--wise-ft alpha=file` input: WiSE-FT logits of the weight-space ensemble at `alpha`. */
export interface WiseFtInput {
  alpha: number;
  file: string;
}

/**
 * Parses repeated `--wise-ft <alpha>=<file.npy>` values (alpha = weight of the fine-tuned model in [0, 1]).
 * @throws CliError on a value without `=`, a bad alpha or an alpha given twice
 */
export function parseWiseFt(values: readonly string[] | undefined): WiseFtInput[] {
  const inputs = (values ?? []).map((value) => {
    const at = value.indexOf('=');
    const alpha = strictNumber(value.slice(0, at));
    if (at <= 0 || at === value.length - 1 || !Number.isFinite(alpha) || alpha < 0 || alpha > 1) {
      throw new CliError(
        `--wise-ft: expected <alpha>=<logits.npy> with alpha in [0, 1] (e.g. 0.5=wise-ft-0.5.npy), got '${value}'`,
      );
    }
    return { alpha, file: value.slice(at + 1) };
  });
  const seen = new Set<number>();
  for (const { alpha } of inputs) {
    if (seen.has(alpha)) throw new CliError(`--wise-ft: alpha ${alpha} given twice`);
    seen.add(alpha);
  }
  return inputs.sort((a, b) => a.alpha - b.alpha);
}
