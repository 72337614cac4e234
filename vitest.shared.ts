import { defineConfig } from 'vitest/config';

/**
 * The one vitest config of the workspace: every package's `vitest.config.ts` re-exports it. Tests mirror `src/`
 * under each package's `test/`; timeouts are generous because the tests run on a shared 2-core machine (speed is
 * measured by `pnpm bench`, never by a test).
 */
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 },
});
