import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const repo = new URL('../../../', import.meta.url).pathname;

/** A small world and a short schedule keep the demo tests quick; the full demo is `pnpm demo`. */
export const SMALL_WORLD = {
  classes: 24,
  dims: 24,
  pretrainingSamples: 4000,
  trainPerClass: 20,
  valPerClass: 10,
  testPerClass: 20,
  longTailMaxCount: 150,
};

/**
 * Copies configs/demo/*.yaml into `root/configs/demo/` with the small world (and `seed`), two shot counts and two
 * seeds, a three-point WiSE-FT sweep; returns the config paths relative to `root`, as the demo runs them.
 */
export function smallDemoConfigs(root: string, seed = 0): string[] {
  mkdirSync(join(root, 'configs/demo'), { recursive: true });
  return ['many-shot', 'few-shot', 'long-tail'].map((name) => {
    let text = readFileSync(join(repo, `configs/demo/${name}.yaml`), 'utf8').replace(
      '  seed: 0\n',
      `  seed: ${seed}\n  overrides: ${JSON.stringify(SMALL_WORLD)}\n`,
    );
    if (name === 'many-shot') text += 'ensemble: { alpha: 0.5, sweep: [0, 0.5, 1] }\n';
    text = text.replace(/^shots: .*$/m, 'shots: [1, 4]').replace(/^seeds: .*$/m, 'seeds: [1, 2]');
    const file = `configs/demo/${name}.yaml`;
    writeFileSync(join(root, file), text);
    return file;
  });
}
