import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { reliabilityCase } from './reliability-case.js';
import { tempDir } from './helpers/temp-dirs.js';
import { writeBytes } from './helpers/npy-bytes.js';
import { expectCleanFailure, runGla } from './helpers/run-gla.js';

// Demo configs are checked before the world is built, so every case here fails in milliseconds.
const dir = tempDir();
const out = join(dir, 'demo-out');

async function expectConfigRefused(name: string, yaml: string, problem: RegExp) {
  const config = writeBytes(dir, name, `${yaml}\nout: ${out}\n`);
  expectCleanFailure(await runGla(['demo', '--config', config]), config, problem);
  expect(existsSync(out)).toBe(false);
}

describe('demo config', () => {
  reliabilityCase('config.unknown-key', () =>
    expectConfigRefused('unknown.yaml', 'sead: 3', /unknown\.yaml: sead: unknown key/),
  );
  reliabilityCase('config.unknown-nested-key', () =>
    expectConfigRefused('nested.yaml', 'fewShot:\n  shot: [1, 2]', /nested\.yaml: fewShot\.shot: unknown key/),
  );
  reliabilityCase('config.wrong-type', () =>
    expectConfigRefused('type.yaml', 'seed: "zero"', /type\.yaml: seed: expected number, received string/),
  );
  reliabilityCase('config.wrong-element-type', () =>
    expectConfigRefused(
      'element.yaml',
      'fewShot:\n  shots: [1, 2.5]',
      /element\.yaml: fewShot\.shots\.1: expected int/,
    ),
  );
  reliabilityCase('config.out-of-range', () =>
    expectConfigRefused('range.yaml', 'alpha: 1.5', /range\.yaml: alpha: .*expected number to be <=1/),
  );
  reliabilityCase('config.unknown-world', () =>
    expectConfigRefused(
      'world.yaml',
      'world: imagenet-21k',
      /world\.yaml: world: expected one of default\|imagenet-sized/,
    ),
  );
  reliabilityCase('config.not-a-mapping', () =>
    expectConfigRefused(
      'list.yaml',
      '- 1\n- 2',
      /list\.yaml: not valid YAML|list\.yaml: \(top level\): expected object/,
    ),
  );
  reliabilityCase('config.bad-yaml', () =>
    expectConfigRefused('broken.yaml', 'fewShot: [1, 2', /broken\.yaml: not valid YAML/),
  );
  reliabilityCase('config.missing-file', async () => {
    const config = join(dir, 'absent.yaml');
    expectCleanFailure(await runGla(['demo', '--config', config]), config, /absent\.yaml: file not found/);
  });
  reliabilityCase('config.bad-flag', async () => {
    const { code, lines } = await runGla(['demo', '--seed', 'seven', '--out', out]);
    expect(code).toBe(2);
    expect(lines).toEqual(["gla: --seed: expected a number, got 'seven'"]);
    expect(existsSync(out)).toBe(false);
  });
  reliabilityCase('config.bad-world-flag', async () => {
    const { code, lines } = await runGla(['demo', '--world', 'cifar', '--out', out]);
    expect(code).toBe(2);
    expect(lines).toEqual(['gla: flags: world: expected one of default|imagenet-sized']);
  });
});
