/** One reliability case: what is tried and what must happen. */
export interface ReliabilityCase {
  /** Stable id, `<area>.<case>`; the vitest test is named `<id>: <case>`. */
  readonly id: string;
  /** What is tried. */
  readonly case: string;
  /** What must happen (the test asserts exactly this). */
  readonly expected: string;
}

/** A group of cases, all tested in one file of this folder. */
export interface ReliabilityArea {
  readonly title: string;
  /** The test file (in `packages/cli/test/reliability/`) holding every case of the area. */
  readonly file: string;
  readonly cases: readonly ReliabilityCase[];
}

/** The contract every bad-input case of the `gla` command shares (defined once in the document's introduction). */
export const CLEAN_FAILURE = 'clean failure';
