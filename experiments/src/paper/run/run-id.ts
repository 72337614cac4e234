import { hashJson } from '../../engine/canonical-json.js';

/**
 * A run id that sorts by time and tells configs apart: `YYYYMMDD-HHMMSS-<8 hex of the resolved config>` (UTC).
 */
export function defaultRunId(config: unknown, now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}-${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  return `${stamp}-${hashJson(config).slice(0, 8)}`;
}

/** Run ids become folder names: letters, digits, '.', '_' and '-' only. */
export function isValidRunId(id: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id);
}
