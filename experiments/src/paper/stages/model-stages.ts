import { access } from 'node:fs/promises';
import { loadModelManifest, onnxModelFiles, type ModelManifest, type PreprocessSettings } from '@gla/models';
import { hashJson } from '../../engine/canonical-json.js';
import { MissingInputError } from '../../engine/missing-input-error.js';
import type { StageContext } from '../../engine/stage-context.js';
import { stage, type StageNode } from '../../engine/stage-node.js';
import { memoryStore } from '../../engine/stage-store.js';

/** An image network ready to embed images: its files and how its inputs are preprocessed. */
export interface ResolvedImageModel {
  /** For messages: the config key it came from. */
  readonly what: string;
  readonly onnx: string;
  /** The `.onnx` and its external data files (hashed into feature cache keys). */
  readonly files: readonly string[];
  /** SHA-256 of `files`, in order. */
  readonly hashes: readonly string[];
  readonly input: string;
  readonly output: string;
  readonly preprocess: PreprocessSettings;
}

/** The text side of a CLIP export: the manifest (text tower, tokenizer) and the hashes of its files. */
export interface ResolvedTextModel {
  readonly manifest: ModelManifest;
  readonly hashes: readonly string[];
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

async function manifestOf(path: string, what: string): Promise<ModelManifest> {
  if (!(await exists(path))) throw new MissingInputError(path, what);
  return loadModelManifest(path);
}

async function hashModel(
  onnx: string,
  what: string,
  ctx: StageContext,
): Promise<{ files: string[]; hashes: string[] }> {
  if (!(await exists(onnx))) throw new MissingInputError(onnx, what);
  const files = await onnxModelFiles(onnx);
  const hashes: string[] = [];
  for (const file of files) hashes.push(await ctx.digests.sha256(file, `${what} (external data)`));
  return { files, hashes };
}

const imageKey = (m: ResolvedImageModel) =>
  hashJson({ hashes: m.hashes, input: m.input, output: m.output, preprocess: m.preprocess });

/** CLIP's image tower from a `model.json`; its key is the content of its files and its preprocessing. */
export function clipImageModelStage(id: string, manifestPath: string, what: string): StageNode<ResolvedImageModel> {
  return stage({
    id,
    kind: 'model',
    label: `image tower of ${what}`,
    deps: [],
    files: [],
    params: null,
    store: memoryStore,
    compute: async (_inputs, ctx) => {
      const manifest = await manifestOf(manifestPath, what);
      const { file, input, output } = manifest.imageEncoder;
      const { files, hashes } = await hashModel(file, `${what}: imageEncoder.file`, ctx);
      return { what, onnx: file, files, hashes, input, output, preprocess: manifest.preprocess };
    },
    contentKey: imageKey,
  });
}

/** CLIP's text tower and tokenizer from a `model.json`. */
export function clipTextModelStage(id: string, manifestPath: string, what: string): StageNode<ResolvedTextModel> {
  return stage({
    id,
    kind: 'model',
    label: `text tower and tokenizer of ${what}`,
    deps: [],
    files: [],
    params: null,
    store: memoryStore,
    compute: async (_inputs, ctx) => {
      const manifest = await manifestOf(manifestPath, what);
      const { hashes } = await hashModel(manifest.textEncoder.file, `${what}: textEncoder.file`, ctx);
      const vocab = await ctx.digests.sha256(manifest.tokenizer.vocab, `${what}: tokenizer.vocab`);
      return { manifest, hashes: [...hashes, vocab] };
    },
    contentKey: (m) =>
      hashJson({
        hashes: m.hashes,
        text: m.manifest.textEncoder,
        tokenizer: { ...m.manifest.tokenizer, vocab: null },
        logitScale: m.manifest.logitScale,
      }),
  });
}

/**
 * An end-to-end classifier exported to ONNX (pixels in, logits out), preprocessed as the CLIP model it was
 * fine-tuned from (the preprocessing of `clipManifest`). It does not depend on the CLIP image tower, so a plan
 * reports a missing classifier even when the CLIP export is missing too.
 */
export function classifierModelStage(
  id: string,
  onnx: string,
  io: { input: string; output: string },
  what: string,
  clipManifest: string,
): StageNode<ResolvedImageModel> {
  return stage({
    id,
    kind: 'model',
    label: `classifier ${what}`,
    deps: [],
    files: [],
    params: null,
    store: memoryStore,
    compute: async (_inputs, ctx) => {
      const { files, hashes } = await hashModel(onnx, what, ctx);
      const manifest = await manifestOf(clipManifest, 'models.zeroShot.manifest');
      return { what, onnx, files, hashes, input: io.input, output: io.output, preprocess: manifest.preprocess };
    },
    contentKey: imageKey,
  });
}
