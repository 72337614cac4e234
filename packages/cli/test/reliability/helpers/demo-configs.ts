import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const repo = new URL('../../../../../', import.meta.url).pathname;

/**
 * Writes configs/demo/*.yaml under `root` with a small world (`world`: overrides of the simulated world), the given
 * shots and seeds and a three-point WiSE-FT sweep; returns the config paths relative to `root`, as `runDemo` takes
 * them. The demo's configs are gla run configs: this is how a test runs the demo small.
 */
export function writeSmallDemoConfigs(
  root: string,
  world: Record<string, number>,
  { shots = [1, 2], seeds = [1, 2], seed = 0 }: { shots?: number[]; seeds?: number[]; seed?: number } = {},
): string[] {
  mkdirSync(join(root, 'configs/demo'), { recursive: true });
  return ['many-shot', 'few-shot', 'long-tail'].map((name) => {
    let text = readFileSync(join(repo, `configs/demo/${name}.yaml`), 'utf8').replace(
      '  seed: 0\n',
      `  seed: ${seed}\n  overrides: ${JSON.stringify(world)}\n`,
    );
    if (name === 'many-shot') text += 'ensemble: { alpha: 0.5, sweep: [0, 0.5, 1] }\n';
    text = text
      .replace(/^shots: .*$/m, `shots: ${JSON.stringify(shots)}`)
      .replace(/^seeds: .*$/m, `seeds: ${JSON.stringify(seeds)}`);
    const file = `configs/demo/${name}.yaml`;
    writeFileSync(join(root, file), text);
    return file;
  });
}
