import { rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { clipPreprocess, clipPreprocessBatch, type Resampler } from '@gla/datasets';
import { OnnxImageEncoder, extractFeatures, sha256File } from '@gla/models';
import type { BenchContext } from './bench-context.js';
import { seconds } from './bench-context.js';
import { benchImages } from './bench-images.js';
import type { BenchRow, SectionResult } from './bench-types.js';
import { megabytes, timeRuns } from './measure.js';
import { runPillowReference } from './reference-programs.js';
import { VIT_IO, randomVitGraph, vitMultiplyAdds, type VitShape } from './random-vit-graph.js';

/**
 * Feature extraction: the whole pipeline (decode, preprocess, batch, infer, write the cache) against inference
 * alone on the same batches, on a random ViT-B/32-shaped graph (target: overhead at most 10 %), and
 * preprocessing alone with both resamplers.
 */
export async function benchFeatures(context: BenchContext): Promise<SectionResult> {
  const started = performance.now();
  const { images, imageSize, patch, width, layers, heads, embedDim, batchSize, runs } = context.sizes.features;
  const shape: VitShape = { imageSize, patch, width, layers, heads, embedDim };
  context.log(`features: building the random ViT-B/32-shaped graph (${layers} blocks, width ${width})`);
  const modelPath = join(context.workDir, 'random-vit-b32-shaped.onnx');
  await writeFile(modelPath, randomVitGraph(shape));
  const { paths, source } = await benchImages(images, context.workDir);
  const preprocessSettings = { size: imageSize, resampler: 'pil' as Resampler };
  const encoder = await OnnxImageEncoder.open(
    { file: modelPath, input: VIT_IO.input, output: VIT_IO.output, imageSize, embedDim },
    { batchSize },
  );
  const baseRssBytes = context.sampler.reset();
  try {
    context.log(`features: preprocessing ${images} images alone`);
    const preprocess: Record<Resampler, Awaited<ReturnType<typeof timeRuns>>> = {
      pil: await timeRuns(runs, () => clipPreprocessBatch(paths, { size: imageSize, resampler: 'pil' })),
      sharp: await timeRuns(runs, () => clipPreprocessBatch(paths, { size: imageSize, resampler: 'sharp' })),
    };

    // Inference alone on exactly the pipeline's batches (preprocessed once, outside the timing).
    const { tensor } = await clipPreprocessBatch(paths, preprocessSettings);
    const per = 3 * imageSize * imageSize;
    await encoder.encode(tensor.subarray(0, Math.min(batchSize, images) * per), Math.min(batchSize, images)); // warm-up
    context.log('features: inference alone');
    const inference = await timeRuns(runs, async () => {
      for (let start = 0; start < images; start += batchSize) {
        const n = Math.min(batchSize, images - start);
        await encoder.encode(tensor.subarray(start * per, (start + n) * per), n);
      }
    });

    context.log('features: whole pipeline');
    const hashing = await timeRuns(1, () => sha256File(modelPath));
    const samples = paths.map((path, i) => ({ id: String(i), path }));
    const runPipeline = (resampler: Resampler) =>
      timeRuns(runs, async (run) => {
        const cacheDir = join(context.workDir, `cache-${resampler}-${run}`);
        const settings = { size: imageSize, resampler };
        const result = await extractFeatures({
          cacheDir,
          split: 'bench',
          samples,
          preprocess: (path) => clipPreprocess(path, settings),
          encoder,
          modelFiles: [modelPath],
          preprocessSettings: settings,
        });
        await rm(cacheDir, { recursive: true, force: true });
        return result.extractedRows;
      });
    const pipeline = await runPipeline('pil');
    const pipelineSharp = await runPipeline('sharp');
    const peakRssBytes = context.sampler.peak();
    context.log('features: Pillow reference (Python)');
    const pillow = runPillowReference(imageSize, runs, paths);
    // Images per second: the ratio project / reference is the time ratio, reference rate / project rate.
    const pillowReference = (projectRate: number): BenchRow['references'] => [
      pillow.rate !== undefined
        ? { name: pillow.name, seconds: images / pillow.rate, ratio: pillow.rate / projectRate }
        : { name: pillow.name, skipped: pillow.skipped },
    ];

    const rate = (s: number) => images / s;
    const overheadAll = pipeline.timing.median / inference.timing.median - 1;
    const overhead = (pipeline.timing.median - hashing.timing.median) / inference.timing.median - 1;
    const overheadSharp = (pipelineSharp.timing.median - hashing.timing.median) / inference.timing.median - 1;
    const gflop = (2 * vitMultiplyAdds(shape)) / 1e9;
    const modelBytes = (await stat(modelPath)).size;
    const rowsOut: BenchRow[] = [
      {
        name: `whole pipeline (decode, preprocess, batch, infer, write cache), ${images} images, batch ${batchSize}`,
        value: rate(pipeline.timing.median),
        unit: 'images/s',
        timing: pipeline.timing,
        notes: [
          `${pipeline.results[0]} rows extracted per run into a fresh cache folder; preprocessing: resampler 'pil' (bit-exact with Pillow), 4 images at once`,
        ],
      },
      {
        name: 'inference alone on the same batches',
        value: rate(inference.timing.median),
        unit: 'images/s',
        timing: inference.timing,
        notes: [
          `${gflop.toFixed(2)} GFLOP per image: ${(gflop * rate(inference.timing.median)).toFixed(0)} GFLOP/s on onnxruntime`,
        ],
      },
      {
        name: "pipeline overhead over inference alone (default preprocessing, resampler 'pil')",
        value: 100 * overhead,
        unit: '%',
        target: { bound: 10, direction: 'at most', unit: '%', text: '<= 10 %' },
        met: overhead <= 0.1,
        notes: [
          `excluding the cache key's one-off SHA-256 of the ${megabytes(modelBytes)} model (${seconds(hashing.timing.median)} per run, independent of the image count)`,
          `including it: ${(100 * overheadAll).toFixed(1)} % at ${images} images`,
        ],
      },
      {
        name: "the same pipeline with resampler 'sharp' (libvips downscaling, a few levels off Pillow)",
        value: rate(pipelineSharp.timing.median),
        unit: 'images/s',
        timing: pipelineSharp.timing,
        notes: [`overhead over inference alone ${(100 * overheadSharp).toFixed(1)} % (model hash excluded)`],
      },
      {
        name: "preprocessing alone, resampler 'pil' (bit-exact with Pillow)",
        value: rate(preprocess.pil.timing.median),
        unit: 'images/s',
        timing: preprocess.pil.timing,
        references: pillowReference(rate(preprocess.pil.timing.median)),
        notes: [
          'clipPreprocessBatch on worker threads (every core): sharp decodes, the TypeScript port of Pillow resizes',
          'reference figure: seconds for the same images; ratio below 1: faster than Pillow',
        ],
      },
      {
        name: "preprocessing alone, resampler 'sharp' (libvips downscaling)",
        value: rate(preprocess.sharp.timing.median),
        unit: 'images/s',
        timing: preprocess.sharp.timing,
        references: pillowReference(rate(preprocess.sharp.timing.median)),
      },
    ];
    return {
      section: 'features',
      title: 'Feature extraction (target 4)',
      inputs: `${images} ${source}; 'random-vit-b32-shaped': a ${imageSize}px ViT with ${patch}px patches, width ${width}, ${layers} attention blocks, ${heads} heads, ${embedDim}-d output, random weights (not CLIP), built in code`,
      rows: rowsOut,
      peakRssBytes,
      baseRssBytes,
      wallSeconds: (performance.now() - started) / 1000,
    };
  } finally {
    await encoder.close();
  }
}
