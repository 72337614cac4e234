import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGla, tempDir } from '../cli-harness.js';

describe('gla demo', () => {
  it('refuses a bad config with one line naming the file and key path, and writes nothing', async () => {
    const dir = tempDir();
    const config = join(dir, 'demo.yaml');
    writeFileSync(config, `fewShot:\n  seeds: []\nout: ${join(dir, 'out')}\n`);
    const { code, lines } = await runGla(['demo', '--config', config]);
    expect(code).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^gla: .*demo.yaml: fewShot.seeds: /);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('refuses a bad --seed and an unknown world preset', async () => {
    expect((await runGla(['demo', '--seed', 'x'])).lines[0]).toMatch(/--seed: expected a number/);
    const r = await runGla(['demo', '--world', 'cifar']);
    expect(r.code).toBe(2);
    expect(r.lines[0]).toMatch(/flags: world: /);
  });
});
