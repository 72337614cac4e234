// Child process for the reliability tests: extracts features of every image in a folder with a tiny ONNX tower
// into a feature cache, as a long extraction run would, so a test can SIGKILL it mid-way, run two at once, and
// run it again. Usage: node extract-features.mjs <cacheDir> <imageDir> <model.onnx> <imageSize> <embedDim>.
// GLA_TEST_DELAY_MS slows preprocessing per image (to give the test time to kill it). Prints one JSON line per
// cache event and a final {"result": ...} line on stdout; a failure prints its one-line message on stderr.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { clipPreprocess } from '@gla/datasets';
import { OnnxImageEncoder, extractFeatures } from '@gla/models';

const [cacheDir, imageDir, model, size, dim] = process.argv.slice(2);
const imageSize = Number(size);
const delay = Number(process.env.GLA_TEST_DELAY_MS ?? 0);
const samples = readdirSync(imageDir)
  .sort()
  .map((name) => ({ id: name, path: join(imageDir, name) }));
try {
  const result = await extractFeatures({
    cacheDir,
    split: 'reliability/test',
    samples,
    preprocess: async (path) => {
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      return clipPreprocess(path, { size: imageSize });
    },
    encoder: () =>
      OnnxImageEncoder.open(
        { file: model, input: 'pixel_values', output: 'image_embeds', imageSize, embedDim: Number(dim) },
        { batchSize: 4 },
      ),
    modelFiles: [model],
    preprocessSettings: { imageSize },
    chunkRows: 8,
    onEvent: (event) => process.stdout.write(`${JSON.stringify({ event: event.type, detail: event.detail })}\n`),
  });
  const { fromCache, resumedRows, extractedRows } = result;
  process.stdout.write(`${JSON.stringify({ result: { fromCache, resumedRows, extractedRows } })}\n`);
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 2;
}
