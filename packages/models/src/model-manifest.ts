import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { messages } from './messages.js';
import { ModelError } from './model-error.js';

/**
 * `model.json`: the description of a CLIP-style ONNX export that sits beside its files.
 * Relative file names are resolved against the manifest's folder when it is loaded.
 */

const name = z.string().min(1);
const positive = z.number().positive();

const imageEncoderSchema = z.strictObject({
  /** The image tower's `.onnx` file. */
  file: name,
  /** Input name, e.g. `pixel_values` (float32 [N, 3, S, S]). */
  input: name,
  /** Output name, e.g. `image_embeds` ([N, embedDim]). */
  output: name,
});

const textEncoderSchema = z.strictObject({
  file: name,
  /** Token input name, e.g. `input_ids` ([N, contextLength]). */
  input: name,
  output: name,
  /** Integer type of the token input; Hugging Face exports take int64. */
  tokenDtype: z.enum(['int32', 'int64']).default('int64'),
  /** Name of an attention-mask input, when the export has one (1 for real tokens, 0 for padding). */
  attentionMask: name.optional(),
});

const preprocessSchema = z.strictObject({
  /** Side of the square model input in pixels (224 for CLIP ViT-B and RN50). */
  imageSize: z.number().int().positive(),
  /** CLIP: resize the shorter side to imageSize then centre-crop; `squash` resizes both sides. */
  resizeMode: z.enum(['shorter-side-center-crop', 'squash']),
  interpolation: z.enum(['bicubic', 'bilinear', 'nearest']),
  /** Per-channel RGB mean and std applied after scaling pixels to [0, 1]. */
  mean: z.tuple([z.number(), z.number(), z.number()]),
  std: z.tuple([positive, positive, positive]),
});

const tokenizerSchema = z.strictObject({
  type: z.literal('clip-bpe'),
  /** CLIP's merges file, `bpe_simple_vocab_16e6.txt.gz`. */
  vocab: name,
  contextLength: z.number().int().positive().default(77),
});

/** Zod schema of `model.json` (unknown keys are errors, so typos do not pass silently). */
export const modelManifestSchema = z.strictObject({
  schemaVersion: z.literal(1),
  name,
  description: z.string().optional(),
  imageEncoder: imageEncoderSchema,
  textEncoder: textEncoderSchema,
  preprocess: preprocessSchema,
  tokenizer: tokenizerSchema,
  /** Multiplier of the cosine similarity in zero-shot logits (CLIP: 100). */
  logitScale: positive,
  /** Width of the image and text embeddings. */
  embedDim: z.number().int().positive(),
});

/** A validated manifest; after loading, every file path in it is absolute. */
export type ModelManifest = z.output<typeof modelManifestSchema>;
/** Image preprocessing settings of a manifest. */
export type PreprocessSettings = ModelManifest['preprocess'];
/** Image encoder part of a manifest. */
export type ImageEncoderSpec = ModelManifest['imageEncoder'];
/** Text encoder part of a manifest. */
export type TextEncoderSpec = ModelManifest['textEncoder'];

function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

function resolveIn(baseDir: string, file: string): string {
  return isAbsolute(file) ? file : resolve(baseDir, file);
}

/**
 * Validates manifest JSON and resolves its relative file names against `baseDir`.
 * @param source the manifest's path or preset name, used in messages.
 * @throws ModelError `MANIFEST_INVALID` naming `source` and the key path of the first problems.
 */
export function parseModelManifest(json: unknown, source: string, baseDir: string): ModelManifest {
  const parsed = modelManifestSchema.safeParse(json);
  if (!parsed.success)
    throw new ModelError(messages.manifestInvalid(source, formatIssues(parsed.error)), 'MANIFEST_INVALID', source);
  const m = parsed.data;
  return {
    ...m,
    imageEncoder: { ...m.imageEncoder, file: resolveIn(baseDir, m.imageEncoder.file) },
    textEncoder: { ...m.textEncoder, file: resolveIn(baseDir, m.textEncoder.file) },
    tokenizer: { ...m.tokenizer, vocab: resolveIn(baseDir, m.tokenizer.vocab) },
  };
}

/**
 * Reads `model.json` (or any manifest file) and resolves its paths against the file's folder.
 * @throws ModelError `FILE_MISSING` or `MANIFEST_INVALID` naming the file.
 */
export async function loadModelManifest(path: string): Promise<ModelManifest> {
  const absolute = resolve(path);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch {
    throw new ModelError(messages.fileMissing(absolute, 'model manifest'), 'FILE_MISSING', absolute);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelError(messages.manifestNotJson(absolute, (error as Error).message), 'MANIFEST_INVALID', absolute);
  }
  return parseModelManifest(json, absolute, dirname(absolute));
}
