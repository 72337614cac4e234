import { z } from 'zod';
import { ConfigError } from '../../config-error.js';
import { readYamlFile } from '../../read-yaml-file.js';
import { manyShotConfigSchema, type ManyShotConfig } from './many-shot-config.js';
import { fewShotConfigSchema, type FewShotConfig } from './few-shot-config.js';
import { longTailConfigSchema, type LongTailConfig } from './long-tail-config.js';
import { expandVariables } from './expand-variables.js';
import { formatConfigIssue } from './format-config-issue.js';
import { configConsistency } from './config-consistency.js';
import type { PaperConfig } from './paper-config-type.js';

/** Every paper experiment config: the single source of truth for the YAML files in configs/{imagenet,few-shot,long-tail}. */
export const paperConfigSchema = z.discriminatedUnion('kind', [
  manyShotConfigSchema,
  fewShotConfigSchema,
  longTailConfigSchema,
]);

/** A validated paper experiment config, defaults filled in, variables expanded (paths still as written). */
export type { PaperConfig } from './paper-config-type.js';
export type { ManyShotConfig, FewShotConfig, LongTailConfig };

/**
 * Validates a parsed config (variables already expanded). `wiseFt` defaults to `interpolate-heads` for a linear
 * head and `none` otherwise.
 * @throws ConfigError `<file>: <key path>: <problem>` for the first problem.
 */
export function parsePaperConfig(value: unknown, file = 'config'): PaperConfig {
  const result = paperConfigSchema.safeParse(value ?? {});
  if (!result.success) throw new ConfigError(`${file}: ${formatConfigIssue(result.error.issues[0])}`);
  const config = result.data as PaperConfig;
  config.models.wiseFt ??=
    config.models.fineTuned.kind === 'linear-head' ? { kind: 'interpolate-heads' } : { kind: 'none' };
  const issue = configConsistency(config)[0];
  if (issue) throw new ConfigError(`${file}: ${issue.path}: ${issue.message}`);
  return config;
}

/**
 * Reads, expands (`${GLA_DATA}`, `${GLA_MODELS}`, `${GLA_SHARED}`, `${GLA_LOGITS}` or any environment variable)
 * and validates a YAML paper config.
 * @param env variable values; default `process.env`.
 * @param name how messages name the file; default `file`.
 */
export function loadPaperConfig(
  file: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  name = file,
): PaperConfig {
  const value = readYamlFile(file, name);
  return parsePaperConfig(expandVariables(value, env, name), name);
}
