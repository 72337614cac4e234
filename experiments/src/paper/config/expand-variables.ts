import { ConfigError } from '../../config-error.js';

/**
 * Defaults of the variables configs use for machine-specific folders; relative values resolve against the
 * repository root like every other path.
 */
export const VARIABLE_DEFAULTS: Readonly<Record<string, string>> = {
  GLA_DATA: 'data',
  GLA_MODELS: 'models',
  GLA_LOGITS: 'logits',
  GLA_SHARED: '../shared',
};

const PATTERN = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${NAME}` and `${NAME:-fallback}` in every string of a parsed YAML value: from `env` first, then the
 * fallback, then {@link VARIABLE_DEFAULTS}. Keeps the machine-specific folders out of the configs.
 * @throws ConfigError naming the file and key path of a variable that has no value.
 */
export function expandVariables(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  file: string,
  path: string[] = [],
): unknown {
  if (typeof value === 'string') {
    return value.replace(PATTERN, (_, name: string, fallback: string | undefined) => {
      const found = env[name] ?? fallback ?? VARIABLE_DEFAULTS[name];
      if (found === undefined)
        throw new ConfigError(`${file}: ${path.join('.') || '(top level)'}: variable \${${name}} is not set`);
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => expandVariables(v, env, file, [...path, String(i)]));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandVariables(v, env, file, [...path, k])]));
  }
  return value;
}
