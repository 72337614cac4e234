import { isAbsolute, relative, resolve } from 'node:path';
import { ConfigError } from '../../config-error.js';

/** Values of the placeholders a file pattern may use for one run unit. */
export interface PatternVariables {
  dataset?: string;
  shots?: number;
  seed?: number;
  alpha?: number;
}

/**
 * Fills `{dataset}`, `{shots}`, `{seed}` and `{alpha}` in a file pattern and resolves it against the repository
 * root. `{alpha}` prints as JavaScript prints the number (0, 0.1, 0.5, 1).
 * @param what the config key, named in errors.
 * @throws ConfigError for a placeholder that is unknown or has no value in this unit.
 */
export function fillPattern(pattern: string, vars: PatternVariables, root: string, what: string): string {
  const filled = pattern.replace(/\{([a-z_]*)\}/g, (_, name: string) => {
    const value = (vars as Record<string, unknown>)[name];
    if (value === undefined) {
      const known =
        Object.keys(vars)
          .map((k) => `{${k}}`)
          .join(', ') || 'none';
      throw new ConfigError(`${what}: placeholder {${name}} has no value here (available: ${known})`);
    }
    return String(value);
  });
  return resolvePath(root, filled);
}

/** A config path made absolute against the repository root. */
export function resolvePath(root: string, path: string): string {
  return isAbsolute(path) ? path : resolve(root, path);
}

/** A path for messages: relative to the repository root when inside it, else as is. */
export function displayPath(root: string, path: string): string {
  const inside = relative(root, path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}
