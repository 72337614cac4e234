import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runGla, tempDir } from '../cli-harness.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * The experiments' tiny CoOp layout (CLIP-shaped ONNX towers, not CLIP; a few-shot config) in a fresh temporary
 * folder: its root, config, Caltech-101 image folder (one subfolder per class) and model manifest.
 */
export async function coopLayout(): Promise<{ root: string; config: string; images: string; model: string }> {
  const layout = (await import(join(repoRoot, 'experiments/test/paper/helpers/coop-images-layout.ts'))) as {
    writeCoopImages: (root: string) => { config: string };
  };
  const root = tempDir();
  const { config } = layout.writeCoopImages(root);
  return {
    root,
    config,
    images: join(root, 'coop/caltech-101/101_ObjectCategories'),
    model: join(root, 'clip/model.json'),
  };
}

/** `gla features` of an image folder with a model into a cache, written to `out` when given, plus `extra` flags. */
export function embedImages(model: string, images: string, cache: string, out?: string, extra: readonly string[] = []) {
  return runGla([
    'features',
    ...['--model', model, '--images', images, '--cache', cache],
    ...(out ? ['--out', out] : []),
    ...extra,
  ]);
}
