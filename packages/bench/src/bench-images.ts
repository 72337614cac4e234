import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

/** The project's shared data folder: `$GLA_SHARED`, else `<repo root>/../shared`. */
function sharedDir(): string {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  return process.env.GLA_SHARED ?? resolve(repoRoot, '../shared');
}

/** JPEG files to preprocess, and where they came from. */
export interface BenchImages {
  paths: string[];
  source: string;
}

/**
 * `count` JPEG files: real Caltech-101 images from the shared folder when present (spread evenly over the sorted
 * file list, so every category contributes), otherwise JPEGs generated into `workDir` (deterministic smooth
 * colour fields with noise, 500 x 375 like a typical ImageNet photo, quality 90).
 */
export async function benchImages(count: number, workDir: string): Promise<BenchImages> {
  const root = join(sharedDir(), 'datasets/caltech-101/101_ObjectCategories');
  if (existsSync(root)) {
    const files: string[] = [];
    for (const category of (await readdir(root)).sort()) {
      for (const file of (await readdir(join(root, category))).sort())
        if (file.toLowerCase().endsWith('.jpg')) files.push(join(root, category, file));
    }
    if (files.length >= count) {
      const step = files.length / count;
      return {
        paths: Array.from({ length: count }, (_, i) => files[Math.floor(i * step)]),
        source: `real Caltech-101 JPEGs (${root}, every ${step.toFixed(1)}th of ${files.length})`,
      };
    }
  }
  const dir = join(workDir, 'jpegs');
  await mkdir(dir, { recursive: true });
  const width = 500;
  const height = 375;
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const pixels = Buffer.alloc(width * height * 3);
    let state = (i + 1) * 2654435761;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        state = (state * 1103515245 + 12345) >>> 0;
        const noise = (state >>> 24) - 128;
        const o = 3 * (y * width + x);
        pixels[o] = clamp(128 + 100 * Math.sin((x + 13 * i) / 40) + noise / 4);
        pixels[o + 1] = clamp(128 + 100 * Math.cos((y + 7 * i) / 30) + noise / 4);
        pixels[o + 2] = clamp(((x + y + 11 * i) % 256) + noise / 8);
      }
    }
    const path = join(dir, `image-${String(i).padStart(4, '0')}.jpg`);
    await sharp(pixels, { raw: { width, height, channels: 3 } })
      .jpeg({ quality: 90 })
      .toFile(path);
    paths.push(path);
  }
  return { paths, source: `generated ${width} x ${height} JPEGs (no Caltech-101 in the shared folder)` };
}

function clamp(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v)));
}
