import { describe, expect, it } from 'vitest';
import { runGla } from '../cli-harness.js';

// The benchmark itself is tested at --quick sizes in @gla/experiments; here only the command line.
describe('gla bench', () => {
  it('refuses an unknown section with one line listing the known ones', async () => {
    const { code, lines } = await runGla(['bench', '--quick', '--only', 'prior,gpu']);
    expect(code).toBe(2);
    expect(lines).toEqual([
      "gla: --only: unknown section 'gpu'; expected some of kernels, prior, evaluate, head, features, cli, demo",
    ]);
  });
});
