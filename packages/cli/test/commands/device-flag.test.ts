import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/commands/run.js';
import { runGla } from '../cli-harness.js';
import { coopLayout, embedImages } from './coop-layout.js';

process.env.GLA_NO_PROGRESS = '1';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Whether onnxruntime-node's CUDA provider library is installed here (it is not in its npm package). */
function cudaInstalled(): boolean {
  const require = createRequire(join(repoRoot, 'packages/models/package.json'));
  const dir = dirname(require.resolve('onnxruntime-node/package.json'));
  const bin = join(dir, 'bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so');
  return existsSync(bin);
}

describe('--device on gla features, gla logits --classifier and gla run', () => {
  it('refuses a device other than cpu or cuda with one line, before any work', async () => {
    const { root, config, images, model } = await coopLayout();
    const runs = [
      [
        'features',
        ...['--model', model, '--images', images, '--cache', join(root, 'cache')],
        ...['--out', join(root, 'f'), '--device', 'gpu'],
      ],
      [
        'logits',
        '--classifier',
        join(root, 'x.onnx'),
        '--model',
        model,
        '--images',
        images,
        '--out',
        join(root, 'l.npy'),
        '--device',
        'gpu',
      ],
      ['run', config, '--device', 'gpu'],
    ];
    for (const args of runs) {
      const bad = await runGla(args);
      expect(bad.code, args[0]).toBe(2);
      expect(bad.lines).toEqual(["gla: --device: expected cpu or cuda, got 'gpu'"]);
    }
    expect(existsSync(join(root, 'f'))).toBe(false);
  });

  it('records the provider with the features (cpu by default and when asked)', async () => {
    const { root, images, model } = await coopLayout();
    for (const [out, extra] of [
      ['default', []],
      ['cpu', ['--device', 'cpu']],
    ] as const) {
      const run = await embedImages(model, images, join(root, 'cache'), join(root, out), extra);
      expect(run.code, run.lines.join('\n')).toBe(0);
      expect(JSON.parse(readFileSync(join(root, out, 'features.json'), 'utf8')).executionProvider).toBe('cpu');
    }
  });

  it.skipIf(cudaInstalled())(
    'stops --device cuda with one line naming the missing CUDA library where it is not installed',
    async () => {
      const { root, config, images, model } = await coopLayout();
      const runs = [
        [
          'features',
          ...['--model', model, '--images', images, '--cache', join(root, 'cache')],
          ...['--out', join(root, 'f'), '--device', 'cuda'],
        ],
      ];
      for (const args of runs) {
        const bad = await runGla(args);
        expect(bad.code, bad.lines.join('\n')).toBe(2);
        expect(bad.lines, bad.lines.join('\n')).toHaveLength(1);
        expect(bad.lines[0]).toMatch(
          /--device cuda: onnxruntime-node's CUDA binaries are not installed \(.*libonnxruntime_providers_cuda\.so is missing\)/,
        );
      }
      expect(existsSync(join(root, 'f', 'features.npy'))).toBe(false);
      // gla run, in the layout's root (its config's paths are relative): the flag overrides the config's cpu.
      const lines: string[] = [];
      await expect(runCommand(config, { device: 'cuda', runId: 'gpu' }, (l) => lines.push(l), root)).rejects.toThrow(
        /--device cuda: onnxruntime-node's CUDA binaries are not installed/,
      );
      const resolved = readFileSync(join(root, 'results/tiny-few-shot-onnx/gpu/config.resolved.yaml'), 'utf8');
      expect(resolved).toMatch(/executionProvider: cuda/);
    },
  );
});
