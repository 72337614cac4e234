import type { BenchSizes } from './bench-types.js';
import type { RssSampler } from './measure.js';

/** What every section gets: its sizes, the memory sampler of its process, a log and a scratch folder. */
export interface BenchContext {
  sizes: BenchSizes;
  quick: boolean;
  sampler: RssSampler;
  log: (line: string) => void;
  /** A folder the section may write to (deleted afterwards). */
  workDir: string;
}

/** Formats a number with thousands separators. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Seconds with three significant digits, e.g. '2.41 s', '0.0312 s'. */
export function seconds(s: number): string {
  return `${Number(s.toPrecision(3))} s`;
}
