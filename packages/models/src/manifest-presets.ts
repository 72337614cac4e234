import { readdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '@gla/core';
import { messages } from './messages.js';
import { ModelError } from './model-error.js';
import { parseModelManifest, type ModelManifest } from './model-manifest.js';

/**
 * Manifest presets for common public CLIP ONNX layouts, shipped as JSON data files in the
 * package's `manifests/` folder (next to `src/` and `dist/`, so the same relative URL works
 * from source and from the build).
 */
const PRESET_DIR = fileURLToPath(new URL('../manifests/', import.meta.url));

/** Names of the shipped presets (file names without `.json`), sorted. */
export async function listManifestPresets(): Promise<string[]> {
  const files = await readdir(PRESET_DIR);
  return files
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

async function presetJson(preset: string): Promise<unknown> {
  const known = await listManifestPresets();
  if (!known.includes(preset)) {
    throw new ModelError(
      messages.presetUnknown(preset, known),
      'PRESET_UNKNOWN',
      resolve(PRESET_DIR, `${preset}.json`),
    );
  }
  return JSON.parse(await readFile(resolve(PRESET_DIR, `${preset}.json`), 'utf8'));
}

/**
 * A preset with its file names resolved against `modelDir`, the folder holding the ONNX files.
 * @throws ModelError `PRESET_UNKNOWN` listing the known presets.
 */
export async function presetManifest(preset: string, modelDir: string): Promise<ModelManifest> {
  return parseModelManifest(await presetJson(preset), `preset ${preset}`, resolve(modelDir));
}

/**
 * Writes a preset as `<modelDir>/model.json` (relative file names kept, atomic write), so that
 * the folder can later be opened with `loadModelManifest`. Returns the written path.
 */
export async function writePresetManifest(preset: string, modelDir: string): Promise<string> {
  const path = resolve(modelDir, 'model.json');
  await writeFileAtomic(path, `${JSON.stringify(await presetJson(preset), null, 2)}\n`);
  return path;
}
