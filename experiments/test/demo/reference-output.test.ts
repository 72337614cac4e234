import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDemoConfig, parseDemoConfig, runDemo } from '../../src/index.js';

const repo = new URL('../../../', import.meta.url).pathname;
const reference = join(repo, 'results/demo/results.json');

// The committed results/demo is the reference output of `pnpm demo`: a fresh run must reproduce every number of it
// to the last digit (only the output folder differs).
describe.skipIf(!existsSync(reference))('the committed demo output', () => {
  it('is exactly what `pnpm demo` computes now', async () => {
    const config = loadDemoConfig(join(repo, 'configs/demo.yaml'));
    const root = mkdtempSync(join(tmpdir(), 'gla-ref-'));
    const run = await runDemo(parseDemoConfig({ ...config, out: 'demo' }), root);
    const fresh = readFileSync(join(run.outDir, 'results.json'), 'utf8').replace(
      '"out": "demo"',
      `"out": "${config.out}"`,
    );
    expect(fresh).toBe(readFileSync(reference, 'utf8'));
  }, 600_000);
});
