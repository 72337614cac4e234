import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGla, tempDir } from '../cli-harness.js';

describe('gla demo', () => {
  it("refuses the former config schema's flags (the world and seed live in configs/demo/*.yaml) and writes nothing", async () => {
    const out = join(tempDir(), 'out');
    for (const flag of ['--config', '--seed', '--world']) {
      const { code, lines } = await runGla(['demo', flag, 'x', '--out', out]);
      expect(code).toBe(2);
      expect(lines[0]).toMatch(new RegExp(`unknown option '${flag}'`));
    }
    expect(existsSync(out)).toBe(false);
  });
});
