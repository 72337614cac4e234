/**
 * Throws (a bug: exit 1 with the stack) when a result about to be written holds NaN, Infinity or -Infinity,
 * which JSON would turn into null and Markdown into "NaN": no command may write them. Inputs are validated
 * before any work, so reaching this means a computation went wrong, not the user's data.
 * @param file the output path, named in the message.
 */
export function assertFiniteResult(value: unknown, file: string): void {
  const bad = firstNonFinite(value, '');
  if (bad !== undefined)
    throw new Error(`${file}: refusing to write a non-finite number (${bad.value}) at ${bad.path || '(top level)'}`);
}

function firstNonFinite(value: unknown, path: string): { path: string; value: number } | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path, value };
  if (value === null || typeof value !== 'object') return undefined;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const array = value as unknown as ArrayLike<number | bigint>;
    for (let i = 0; i < array.length; i++) {
      const v = array[i];
      if (typeof v === 'number' && !Number.isFinite(v)) return { path: `${path}[${i}]`, value: v };
    }
    return undefined;
  }
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const found = firstNonFinite(child, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}
