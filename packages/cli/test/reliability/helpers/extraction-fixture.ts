import { readdirSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBytes } from './npy-bytes.js';
import { pattern, png } from './tiny-images.js';
import { tinyImageTower } from './tiny-onnx.js';
import { runNode, startNode, type ChildResult, type StartedChild } from './run-gla.js';

/** The child script that extracts features (see scripts/extract-features.mjs). */
const SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '../scripts/extract-features.mjs');

export const TOWER_SIZE = 4;
export const TOWER_DIM = 6;

/** A folder of tiny generated images and a tiny ONNX tower to extract their features with. */
export interface ExtractionFixture {
  readonly imageDir: string;
  readonly model: string;
  /** Starts an extraction into `cacheDir` in a child process. */
  start(cacheDir: string, env?: Record<string, string>): StartedChild;
  /** Runs an extraction into `cacheDir` to the end. */
  run(cacheDir: string, env?: Record<string, string>): Promise<ChildResult>;
}

/** Writes `count` images (10 x 8 RGB PNGs, all different) and the tower into `dir`. */
export function extractionFixture(dir: string, count: number): ExtractionFixture {
  const imageDir = join(dir, 'images');
  mkdirSync(imageDir, { recursive: true });
  for (let i = 0; i < count; i++)
    writeBytes(imageDir, `img-${String(i).padStart(4, '0')}.png`, png(10, 8, 3, pattern(10 * 8 * 3, i)));
  const model = writeBytes(dir, 'tower.onnx', tinyImageTower({ imageSize: TOWER_SIZE, embedDim: TOWER_DIM }));
  const args = (cacheDir: string) => [cacheDir, imageDir, model, String(TOWER_SIZE), String(TOWER_DIM)];
  return {
    imageDir,
    model,
    start: (cacheDir, env) => startNode(SCRIPT, args(cacheDir), { env, timeoutMs: 60_000 }),
    run: (cacheDir, env) => runNode(SCRIPT, args(cacheDir), { env, timeoutMs: 60_000 }),
  };
}

/** Complete chunk files in a cache's `partial/` folder. */
export function chunkCount(cacheDir: string): number {
  const partial = join(cacheDir, 'partial');
  return existsSync(partial) ? readdirSync(partial).filter((f) => /^chunk-\d{6}\.npy$/.test(f)).length : 0;
}

/** The JSON lines a child extraction printed: its cache events and its final result. */
export function parseExtractionOutput(stdout: string) {
  const lines = stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map(
      (l) =>
        JSON.parse(l) as {
          event?: string;
          detail?: string;
          result?: { fromCache: boolean; resumedRows: number; extractedRows: number };
        },
    );
  return {
    events: lines.filter((l) => l.event).map((l) => ({ type: l.event as string, detail: l.detail as string })),
    result: lines.find((l) => l.result)?.result,
  };
}
