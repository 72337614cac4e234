import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { reliabilityCase } from './reliability-case.js';
import { tempDir } from './helpers/temp-dirs.js';
import { writeBytes } from './helpers/npy-bytes.js';
import { expectCleanFailure, runGla } from './helpers/run-gla.js';

// The demo's configs are gla run configs (configs/demo/*.yaml); a config is checked before the world is built, so
// every case here fails in milliseconds.
const dir = tempDir();
const results = join(dir, 'results');
const fewShot = readFileSync(new URL('../../../../configs/demo/few-shot.yaml', import.meta.url), 'utf8');

/** configs/demo/few-shot.yaml with `edit` applied, run by gla run: refused with `problem`, nothing written. */
async function expectConfigRefused(name: string, edit: (yaml: string) => string, problem: RegExp) {
  const config = writeBytes(dir, name, `${edit(fewShot)}\nresultsDir: ${results}\ncacheDir: ${join(dir, 'cache')}\n`);
  expectCleanFailure(await runGla(['run', config]), config, problem);
  expect(existsSync(results)).toBe(false);
}

describe('demo config', () => {
  reliabilityCase('config.unknown-key', () =>
    expectConfigRefused('unknown.yaml', (y) => `${y}\nsead: 3`, /unknown\.yaml: sead: unknown key/),
  );
  reliabilityCase('config.unknown-nested-key', () =>
    expectConfigRefused(
      'nested.yaml',
      (y) => y.replace('  seed: 0\n', '  seed: 0\n  sead: 1\n'),
      /nested\.yaml: data\.sead: unknown key/,
    ),
  );
  reliabilityCase('config.wrong-type', () =>
    expectConfigRefused(
      'type.yaml',
      (y) => y.replace('  seed: 0\n', '  seed: "zero"\n'),
      /type\.yaml: data\.seed: expected number, received string/,
    ),
  );
  reliabilityCase('config.wrong-element-type', () =>
    expectConfigRefused(
      'element.yaml',
      (y) => y.replace(/^shots: .*$/m, 'shots: [1, 2.5]'),
      /element\.yaml: shots\.1: expected int/,
    ),
  );
  reliabilityCase('config.out-of-range', () =>
    expectConfigRefused(
      'range.yaml',
      (y) => `${y}\nensemble: { alpha: 1.5 }`,
      /range\.yaml: ensemble\.alpha: .*expected number to be <=1/,
    ),
  );
  reliabilityCase('config.unknown-world', () =>
    expectConfigRefused(
      'world.yaml',
      (y) => y.replace('  world: default\n', '  world: imagenet-21k\n'),
      /world\.yaml: data\.world: expected one of default\|imagenet-sized/,
    ),
  );
  reliabilityCase('config.not-a-mapping', () =>
    expectConfigRefused('list.yaml', () => '- 1\n- 2', /list\.yaml: not valid YAML|list\.yaml: .*expected object/),
  );
  reliabilityCase('config.bad-yaml', () =>
    expectConfigRefused('broken.yaml', (y) => `${y}\nshots: [1, 2`, /broken\.yaml: not valid YAML/),
  );
  reliabilityCase('config.missing-file', async () => {
    const config = join(dir, 'absent.yaml');
    expectCleanFailure(await runGla(['run', config]), config, /absent\.yaml: file not found/);
  });
  reliabilityCase('config.demo-old-flags', async () => {
    // The demo's former flags are gone with its config schema: the world and seed live in configs/demo/*.yaml.
    for (const flag of ['--config', '--seed', '--world']) {
      const { code, lines } = await runGla(['demo', flag, 'x', '--out', join(dir, 'demo-out')]);
      expect(code).toBe(2);
      expect(lines[0]).toMatch(new RegExp(`unknown option '${flag}'`));
    }
    expect(existsSync(join(dir, 'demo-out'))).toBe(false);
  });
});
