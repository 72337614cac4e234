import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseNpy } from '@gla/core';
import { runPaperExperiment } from '@gla/experiments';
import { describe, expect, it } from 'vitest';
import { runGla, tempDir } from '../cli-harness.js';
import { coopLayout, embedImages } from './coop-layout.js';

process.env.GLA_NO_PROGRESS = '1';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Every `.npy` under `dir` (recursively) as parsed arrays, by path. */
function npyFiles(dir: string): Map<string, { shape: number[]; data: number[] }> {
  const out = new Map<string, { shape: number[]; data: number[] }>();
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.npy')) continue;
    const path = join(entry.parentPath, entry.name);
    const array = parseNpy(new Uint8Array(readFileSync(path)), path);
    out.set(path, { shape: array.shape, data: Array.from(array.data as ArrayLike<number>, Number) });
  }
  return out;
}

function read(path: string) {
  const array = parseNpy(new Uint8Array(readFileSync(path)), path);
  return { shape: array.shape, data: Array.from(array.data as ArrayLike<number>, Number) };
}

/** The cached arrays equal to `array` (same shape, same values to the bit). */
function matches(cache: Map<string, { shape: number[]; data: number[] }>, array: { shape: number[]; data: number[] }) {
  return [...cache.entries()]
    .filter(([, c]) => c.shape.join() === array.shape.join() && c.data.every((v, i) => Object.is(v, array.data[i])))
    .map(([path]) => path);
}

describe('gla features, gla zeroshot-head and gla logits', () => {
  it('produce the .npy files gla run caches for the same images, model and prompts', async () => {
    const { root, config } = await coopLayout();
    await runPaperExperiment({ configFile: config, root, runId: 'a', log: () => {} });
    const cachedFeatures = npyFiles(join(root, 'cache/features'));
    const cachedHeads = npyFiles(join(root, 'cache/stages/zero-shot-head'));
    const cachedLogits = npyFiles(join(root, 'cache/stages/logits'));
    expect(cachedFeatures.size).toBeGreaterThan(0);

    const pets = join(root, 'coop/oxford_pets');
    const out = join(root, 'mine');
    const features = await runGla([
      'features',
      '--model',
      join(root, 'clip/model.json'),
      '--coop-split',
      join(pets, 'split_zhou_OxfordPets.json'),
      '--part',
      'test',
      '--image-root',
      join(pets, 'images'),
      '--cache',
      join(root, 'my-cache'),
      '--out',
      out,
    ]);
    expect(features.code, features.lines.join('\n')).toBe(0);
    const f = read(join(out, 'features.npy'));
    expect(f.shape).toEqual([6, 6]);
    expect(matches(cachedFeatures, f)).toHaveLength(1);
    const split = JSON.parse(readFileSync(join(pets, 'split_zhou_OxfordPets.json'), 'utf8')) as {
      test: [string, number, string][];
    };
    expect(read(join(out, 'labels.npy')).data).toEqual(split.test.map(([, y]) => y));
    expect(JSON.parse(readFileSync(join(out, 'classnames.json'), 'utf8'))).toEqual(['abyssinian', 'beagle']);
    const manifest = JSON.parse(readFileSync(join(out, 'features.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'gla-features/1', samples: 6, dim: 6, dtype: 'float32', logitScale: 100 });

    const templates = join(root, 'pet-template.json');
    writeFileSync(templates, JSON.stringify(['a photo of a {}, a type of pet.']));
    const head = join(root, 'head.npy');
    const headRun = await runGla([
      'zeroshot-head',
      '--model',
      join(root, 'clip/model.json'),
      '--classnames',
      join(out, 'classnames.json'),
      '--templates',
      templates,
      '--out',
      head,
    ]);
    expect(headRun.code, headRun.lines.join('\n')).toBe(0);
    expect(matches(cachedHeads, read(head))).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(root, 'head.json'), 'utf8'))).toMatchObject({
      format: 'gla-head/1',
      templateCount: 1,
      classes: 2,
      dim: 6,
      logitScale: 100,
    });

    const logits = join(root, 'zs-test.npy');
    const logitsRun = await runGla([
      'logits',
      '--features',
      join(out, 'features.npy'),
      '--head',
      head,
      '--out',
      logits,
    ]);
    expect(logitsRun.code, logitsRun.lines.join('\n')).toBe(0);
    const l = read(logits);
    expect(l.shape).toEqual([6, 2]);
    expect(matches(cachedLogits, l).length).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(join(root, 'zs-test.json'), 'utf8'))).toMatchObject({
      scale: 100,
      rows: 6,
      classes: 2,
    });
  });

  it('embeds an image folder by shards that gla merge-cache joins into the same features, labelled by subfolder', async () => {
    // Caltech's image root has one subfolder per class: Faces, Leopards, Motorbikes (sorted: labels 0, 1, 2).
    const { root, images, model } = await coopLayout();
    const whole = await embedImages(model, images, join(root, 'c0'), join(root, 'whole'));
    expect(whole.code, whole.lines.join('\n')).toBe(0);
    const expectedLabels = ['Faces', 'Leopards', 'Motorbikes'].flatMap((c, y) =>
      readdirSync(join(images, c)).map(() => y),
    );
    expect(read(join(root, 'whole/labels.npy')).data).toEqual(expectedLabels);
    expect(JSON.parse(readFileSync(join(root, 'whole/classnames.json'), 'utf8'))).toEqual([
      'Faces',
      'Leopards',
      'Motorbikes',
    ]);
    for (const i of [1, 2]) {
      const shard = await embedImages(model, images, join(root, `s${i}`), undefined, ['--shard', `${i}/2`]);
      expect(shard.code, shard.lines.join('\n')).toBe(0);
    }
    expect(
      (await runGla(['merge-cache', join(root, 's1'), join(root, 's2'), '--out', join(root, 'merged')])).code,
    ).toBe(0);
    const joined = await embedImages(model, images, join(root, 'merged'), join(root, 'joined'));
    expect(joined.code).toBe(0);
    expect(
      joined.lines.some((l) => l.includes('(from the cache)')),
      joined.lines.join('\n'),
    ).toBe(true);
    expect(readFileSync(join(root, 'joined/features.npy')).equals(readFileSync(join(root, 'whole/features.npy')))).toBe(
      true,
    );
  });

  it("gives an ONNX classifier's logits on images: its linear map of the CLIP-preprocessed pixels", async () => {
    const clip = (await import(join(repoRoot, 'experiments/test/paper/helpers/tiny-clip-folder.ts'))) as {
      writeTinyClip: (dir: string) => { manifest: string };
      writeTinyClassifier: (path: string, classes: number, seed: number) => Float32Array;
    };
    const direct = (await import(join(repoRoot, 'experiments/test/paper/helpers/direct-clip.ts'))) as {
      directLinear: (path: string, weight: Float32Array, width: number) => Promise<Float64Array>;
    };
    const { root, images } = await coopLayout();
    const weight = clip.writeTinyClassifier(join(root, 'ft.onnx'), 3, 7);
    const out = join(root, 'ft.npy');
    const args = ['logits', '--classifier', join(root, 'ft.onnx'), '--model', join(root, 'clip/model.json')];
    const run = await runGla([...args, '--images', images, '--cache', join(root, 'cache'), '--out', out]);
    expect(run.code, run.lines.join('\n')).toBe(0);
    const logits = read(out);
    const files = ['Faces', 'Leopards', 'Motorbikes'].flatMap((c) =>
      readdirSync(join(images, c))
        .sort()
        .map((f) => join(images, c, f)),
    );
    expect(logits.shape).toEqual([files.length, 3]);
    for (const [i, file] of files.entries()) {
      const expected = await direct.directLinear(file, weight, 3);
      for (let j = 0; j < 3; j++) expect(logits.data[i * 3 + j]).toBeCloseTo(expected[j], 4);
    }
    const sidecar = JSON.parse(readFileSync(join(root, 'ft.json'), 'utf8'));
    expect(sidecar).toMatchObject({ format: 'gla-logits/1', rows: files.length, classes: 3 });
    const bad = await runGla(['logits', '--classifier', join(root, 'ft.onnx'), '--images', images, '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.lines).toEqual([
      'gla: gla logits --classifier: give --model <model.json> of the CLIP export it was fine-tuned from',
    ]);
  });

  it('embeds the images of a split list in its order, with its labels', async () => {
    const { root, images, model } = await coopLayout();
    const whole = await embedImages(model, images, join(root, 'c'), join(root, 'whole'));
    expect(whole.code).toBe(0);
    const ids = JSON.parse(readFileSync(join(root, 'whole/features.json'), 'utf8')).ids as string[];
    // The list names the folder's last and first images, with labels of its own.
    const list = join(root, 'list.txt');
    writeFileSync(list, `${ids.at(-1)} 1\n\n${ids[0]} 0\n`);
    const names = join(root, 'names.json');
    writeFileSync(names, JSON.stringify(['first', 'second']));
    const args = ['features', '--model', model, '--list', list, '--image-root', images, '--classnames', names];
    const run = await runGla([...args, '--cache', join(root, 'c'), '--out', join(root, 'listed')]);
    expect(run.code, run.lines.join('\n')).toBe(0);
    const all = read(join(root, 'whole/features.npy'));
    const listed = read(join(root, 'listed/features.npy'));
    const d = all.shape[1];
    expect(listed.data).toEqual([...all.data.slice(-d), ...all.data.slice(0, d)]);
    expect(read(join(root, 'listed/labels.npy')).data).toEqual([1, 0]);
    expect(JSON.parse(readFileSync(join(root, 'listed/classnames.json'), 'utf8'))).toEqual(['first', 'second']);
  });

  it('refuses two image sources with one line', async () => {
    const dir = tempDir();
    const bad = await runGla([
      'features',
      '--model',
      join(dir, 'model.json'),
      '--images',
      dir,
      '--coop-split',
      'x',
      '--out',
      dir,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.lines[0]).toMatch(/give one image source, --images <folder>, --coop-split <split.json> or --list/);
  });
});
