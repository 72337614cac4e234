import { it, type TestContext } from 'vitest';
import { findCase, testName } from './catalogue.js';

/** Options of one case's test. */
export interface CaseOptions {
  timeout?: number;
  /** When set, the case is skipped and this says why (e.g. no tmpfs); the catalogue still lists it. */
  skip?: string;
}

/**
 * Declares the test of catalogue case `id`, named from the catalogue, so the test list and
 * `docs/reliability.md` cannot drift apart.
 */
export function reliabilityCase(id: string, fn: (context: TestContext) => unknown, options: CaseOptions = {}): void {
  const name = testName(findCase(id).case);
  if (options.skip) it.skip(`${name} (skipped: ${options.skip})`, () => {});
  else it(name, async (context) => void (await fn(context)), options.timeout);
}
