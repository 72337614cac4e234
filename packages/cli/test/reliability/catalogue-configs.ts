import { CLEAN_FAILURE, type ReliabilityArea } from './catalogue-types.js';

const refused = (problem: string) =>
  `exit 2, one stderr line naming the config file, the key path and what was expected (${problem}); nothing written`;

/** The demo's configs (configs/demo/*.yaml, gla run configs) with one fault each, through `gla run` in-process. */
export const demoConfigArea: ReliabilityArea = {
  title: 'demo config',
  file: 'config-input.test.ts',
  cases: [
    { id: 'config.unknown-key', case: 'misspelt top-level key (`sead`)', expected: refused('`sead: unknown key`') },
    {
      id: 'config.unknown-nested-key',
      case: 'unknown nested key (`data.sead`)',
      expected: refused('`data.sead: unknown key`'),
    },
    {
      id: 'config.wrong-type',
      case: 'string where a number is expected (`data.seed`)',
      expected: refused('`data.seed: expected number, received string`'),
    },
    {
      id: 'config.wrong-element-type',
      case: 'non-integer in a list of shots',
      expected: refused('`shots.1: expected int`'),
    },
    {
      id: 'config.out-of-range',
      case: 'alpha = 1.5',
      expected: refused('`ensemble.alpha: ... expected number to be <=1`'),
    },
    {
      id: 'config.unknown-world',
      case: 'unknown simulated world (dataset) name',
      expected: refused('`data.world: expected one of default|imagenet-sized`'),
    },
    {
      id: 'config.not-a-mapping',
      case: 'a YAML list instead of a mapping',
      expected: refused('`... expected object`'),
    },
    { id: 'config.bad-yaml', case: 'YAML syntax error', expected: refused('`not valid YAML (...)`') },
    {
      id: 'config.missing-file',
      case: 'config path that does not exist',
      expected: `${CLEAN_FAILURE}: file not found`,
    },
    {
      id: 'config.demo-old-flags',
      case: "`gla demo --config`, `--seed`, `--world` (the demo's former config schema and flags)",
      expected: "exit 2, `error: unknown option '...'`; nothing written (world and seed live in configs/demo/*.yaml)",
    },
  ],
};

const imageError = (reason: string, problem: string) =>
  `ImageError with reason '${reason}' and a one-line message \`<path>: ${problem}\`, with both resamplers (pil, sharp)`;

/** Images through the datasets package's `clipPreprocess` / `clipPreprocessBatch`. */
export const imageArea: ReliabilityArea = {
  title: 'images',
  file: 'image-input.test.ts',
  cases: [
    {
      id: 'image.corrupt',
      case: 'PNG with scrambled compressed data',
      expected: imageError('corrupt', 'cannot decode image (...)'),
    },
    { id: 'image.truncated', case: 'JPEG cut at 60 %', expected: imageError('corrupt', 'cannot decode image (...)') },
    { id: 'image.zero-byte', case: 'zero-byte .jpg', expected: imageError('empty', 'image file is empty (0 bytes)') },
    {
      id: 'image.not-an-image',
      case: 'a text file named .jpg',
      expected: imageError('unsupported-format', 'not an image (unrecognised content)'),
    },
    { id: 'image.missing', case: 'path that does not exist', expected: imageError('missing', 'image file not found') },
    {
      id: 'image.decompression-bomb',
      case: 'PNG header claiming 30000 x 30000 pixels',
      expected: `${imageError('too-large', 'WxH = P pixels exceeds the limit of 178956970 (decompression-bomb guard ...)')}; refused from the header in < 5 s`,
    },
    {
      id: 'image.greyscale',
      case: 'greyscale PNG',
      expected: '3 x S x S tensor, the grey value copied into R, G and B',
    },
    {
      id: 'image.cmyk',
      case: 'CMYK JPEG',
      expected: '3 x S x S tensor within the normalised [0, 1] range, both resamplers',
    },
    {
      id: 'image.alpha',
      case: 'RGBA PNG with transparent pixels',
      expected: "alpha dropped as PIL's convert('RGB'): identical to the same RGB image",
    },
    {
      id: 'image.batch-fail',
      case: "batch with a bad image, onError 'fail'",
      expected: 'throws the ImageError of the bad image (its path)',
    },
    {
      id: 'image.batch-skip',
      case: "batch with four bad images, onError 'skip'",
      expected:
        'kept = input positions of the good images; skipped lists index, path, reason; onSkip called for each; kept rows equal the single-image tensors',
    },
  ],
};

const modelError = (code: string, problem: string) => `ModelError \`${code}\`, one-line message \`<file>: ${problem}\``;

/** ONNX models through the models package's encoders, `mergeOnnxWeights` and manifests. */
export const onnxArea: ReliabilityArea = {
  title: 'ONNX models',
  file: 'onnx-input.test.ts',
  cases: [
    {
      id: 'onnx.missing-file',
      case: 'image tower path that does not exist',
      expected: modelError('FILE_MISSING', 'ONNX model not found'),
    },
    {
      id: 'onnx.not-onnx',
      case: 'PyTorch zip named .onnx',
      expected: modelError('NOT_ONNX', 'not an ONNX model (...)'),
    },
    {
      id: 'onnx.truncated',
      case: 'first half of a valid .onnx',
      expected: modelError('NOT_ONNX', 'not an ONNX model (...)'),
    },
    {
      id: 'onnx.wrong-input-name',
      case: 'manifest feeds `image`, model takes `pixel_values`',
      expected: modelError(
        'IO_NAMES',
        'model inputs are "pixel_values" but the manifest feeds "image"; fix the input names in model.json',
      ),
    },
    {
      id: 'onnx.wrong-output-name',
      case: 'manifest reads `image_features`, model outputs `image_embeds`',
      expected: modelError('IO_NAMES', 'model has no output "image_features"; its outputs are "image_embeds"'),
    },
    {
      id: 'onnx.wrong-input-shape',
      case: 'model declares 4 x 4 pixels, manifest says 8',
      expected: modelError(
        'SHAPE',
        'input "pixel_values" is declared [batch, 3, 4, 4], the manifest needs [N, 3, 8, 8]',
      ),
    },
    {
      id: 'onnx.wrong-embed-dim',
      case: 'model outputs width 6, manifest says 7',
      expected: modelError('SHAPE', 'output "image_embeds" has shape [2, 6], expected [2, 7]'),
    },
    {
      id: 'onnx.wrong-pixel-count',
      case: 'pixel buffer one value too long',
      expected: modelError('SHAPE', 'got 49 pixel values for 1 images, expected 1 x 48'),
    },
    {
      id: 'onnx.non-finite-output',
      case: 'a NaN weight, so embeddings hold NaN',
      expected:
        modelError('INFERENCE', 'output "image_embeds" has the non-finite value NaN at row 0, column 3 of the batch') +
        '; never cached',
    },
    {
      id: 'onnx.merge-mismatch',
      case: 'WiSE-FT merge of towers with different widths',
      expected:
        modelError('MERGE_MISMATCH', 'graph differs from <first>: initializer "proj": shape [48,6] vs [48,5]') +
        ' naming the second model; no output, no temp file',
    },
    {
      id: 'onnx.merge-renamed-graph',
      case: 'merge of graphs whose input names differ',
      expected: `${modelError('MERGE_MISMATCH', 'graph differs from <first>: ...')}; no output`,
    },
    {
      id: 'onnx.merge-not-onnx',
      case: 'merge where the second file is not ONNX',
      expected: `${modelError('NOT_ONNX', 'not an ONNX model (...)')}; no output`,
    },
    {
      id: 'onnx.merge-missing-file',
      case: 'merge where the second file does not exist',
      expected: modelError('FILE_MISSING', 'ONNX model not found'),
    },
    {
      id: 'onnx.merge-bad-alpha',
      case: 'merge with alpha = 1.5',
      expected: `${modelError('ARGUMENT', 'merge alpha must be in [0, 1], got 1.5')} (on the output path)`,
    },
    {
      id: 'onnx.manifest-unknown-key',
      case: 'model.json with an unknown key',
      expected: modelError('MANIFEST_INVALID', 'invalid model manifest: <key path>: ...'),
    },
    {
      id: 'onnx.unknown-preset',
      case: 'unknown model preset name',
      expected: 'ModelError `PRESET_UNKNOWN` listing the known presets',
    },
  ],
};

/** Paper experiment configs through their public path, `gla run <config> [--dry-run]`, in-process. */
export const paperConfigArea: ReliabilityArea = {
  title: 'paper configs',
  file: 'paper-config.test.ts',
  cases: [
    { id: 'paper.unknown-key', case: 'misspelt top-level key (`priorr`)', expected: refused('`priorr: unknown key`') },
    {
      id: 'paper.wrong-type',
      case: 'string in the list of shots',
      expected: refused('`shots.0: expected number, received string`'),
    },
    {
      id: 'paper.unknown-dataset',
      case: 'unknown few-shot dataset name (`Caltech256`)',
      expected: refused('`datasets.0: expected one of ImageNet|Caltech101|...`'),
    },
    {
      id: 'paper.unknown-model-kind',
      case: 'unknown zero-shot model kind (`pytorch`)',
      expected: refused('`models.zeroShot.kind: expected one of onnx|logits|simulated`'),
    },
    {
      id: 'paper.unknown-experiment-kind',
      case: 'unknown experiment kind',
      expected: refused('`kind: expected one of many-shot|few-shot|long-tail`'),
    },
    {
      id: 'paper.unset-variable',
      case: '`${VAR}` in a path with the variable unset',
      expected: refused('`cacheDir: variable ${...} is not set`'),
    },
    {
      id: 'paper.missing-inputs-dry-run',
      case: '`--dry-run` with an input file missing',
      expected:
        'exit 3 (blocked); the plan (every line with --verbose) names each missing file with the config key it comes from (`data.labels.test = ...`); nothing written',
    },
    {
      id: 'paper.nan-logits-run',
      case: 'a real run whose fine-tuned test logits hold a NaN, then the file fixed',
      expected:
        'exit 2, last line `gla: <file>: non-finite value at row r (models.fineTuned.files.test = ...)`; no metrics.json; after the fix the same config runs (exit 0)',
    },
  ],
};
