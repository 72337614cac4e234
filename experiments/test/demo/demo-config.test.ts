import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDemoConfig, parseDemoConfig } from '../../src/index.js';

describe('demo config', () => {
  it('fills every default', () => {
    const c = parseDemoConfig({});
    expect(c).toEqual({
      world: 'default',
      seed: 0,
      alpha: 0.5,
      alphaSweep: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
      fewShot: { shots: [1, 2, 4, 8, 16], seeds: [1, 2, 3], temperature: 'confidence' },
      paperSolver: { iterations: 1000 },
      out: 'results/demo',
    });
  });

  it('the committed configs/demo.yaml states exactly the defaults', () => {
    expect(loadDemoConfig(new URL('../../../configs/demo.yaml', import.meta.url).pathname)).toEqual(
      parseDemoConfig({}),
    );
  });

  it('names the file and the key path of a bad value, an unknown key, and bad YAML', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gla-cfg-'));
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    expect(() => loadDemoConfig(write('a.yaml', 'fewShot:\n  shots: [1, -2]\n'))).toThrow(/a.yaml: fewShot.shots.1: /);
    expect(() => loadDemoConfig(write('b.yaml', 'sead: 3\n'))).toThrow(/b.yaml: sead: unknown key/);
    expect(() => loadDemoConfig(write('c.yaml', 'world: cifar\n'))).toThrow(/c.yaml: world: /);
    expect(() => loadDemoConfig(write('d.yaml', 'alpha: [\n'))).toThrow(/d.yaml: not valid YAML/);
    expect(() => loadDemoConfig(join(dir, 'missing.yaml'))).toThrow(/missing.yaml: file not found/);
  });
});
