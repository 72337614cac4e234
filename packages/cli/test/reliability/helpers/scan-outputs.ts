import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A `null` found in a JSON document: its path (`.a.b[2].c`) and the object holding it. */
export interface NullAt {
  path: string;
  parent: Record<string, unknown> | unknown[];
}

/** Every `null` in a parsed JSON value (JSON writes NaN and Infinity as null, so each is a suspect). */
export function nullsIn(value: unknown, path = '', parent: NullAt['parent'] = []): NullAt[] {
  if (value === null) return [{ path, parent }];
  if (Array.isArray(value)) return value.flatMap((v, i) => nullsIn(v, `${path}[${i}]`, value));
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      nullsIn(v, `${path}.${k}`, value as Record<string, unknown>),
    );
  return [];
}

/** The words NaN and (-)Infinity in a text output (Markdown, CSV, LaTeX, HTML, SVG, logs). */
export function nonNumberWords(text: string): string[] {
  return [...text.matchAll(/\b(NaN|Infinity)\b/g)].map((m) => m[0]);
}

/** Every file under `dir`, recursively (paths joined to `dir`). */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * What is wrong in one output file: NaN or Infinity anywhere (text), and for JSON every null that `allowNull`
 * does not accept. Binary files (PNG) are skipped.
 * @returns one line per problem, empty when the file holds only numbers where numbers belong.
 */
export function scanOutput(file: string, allowNull: (at: NullAt) => boolean = () => false): string[] {
  if (/\.(png|onnx|npy|bin)$/.test(file)) return [];
  const text = readFileSync(file, 'utf8');
  const problems = nonNumberWords(text).map((word) => `${file}: ${word}`);
  if (file.endsWith('.json')) {
    for (const at of nullsIn(JSON.parse(text))) if (!allowNull(at)) problems.push(`${file}: null at ${at.path}`);
  }
  return problems;
}
