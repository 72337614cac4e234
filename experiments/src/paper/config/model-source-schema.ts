import { z } from 'zod';
import { simulatedModelSchema } from './simulated-data-schema.js';

/**
 * Schemas of where a model's logits come from. Each takes the split roles of its experiment (e.g. `val`,
 * `imagenet-r` for ImageNet) so that a logits file for an unknown role is an error, not a silent skip.
 */

/** File patterns per split role; `{dataset}`, `{shots}`, `{seed}` and `{alpha}` are filled per run unit. */
export function roleFiles(roles: readonly string[]) {
  return z.strictObject(
    Object.fromEntries(roles.map((role) => [role, z.string().min(1).optional()])) as Record<
      string,
      z.ZodOptional<z.ZodString>
    >,
  );
}

/** CLIP exported to ONNX (two towers and a `model.json` manifest, see @gla/models); heads built from prompts. */
export const zeroShotOnnxSchema = z.strictObject({
  kind: z.literal('onnx'),
  /** The model folder's `model.json`. */
  manifest: z.string().min(1),
  /** Prompt templates: a JSON list (or `{templates: [...]}`), or a per-dataset map (few-shot). */
  templates: z.string().min(1),
  /** Logit scale of the zero-shot head and of linear heads; default 100 (CLIP). */
  logitScale: z.number().positive().optional(),
});

/** An end-to-end fine-tuned classifier exported to ONNX: CLIP-preprocessed pixels in, K logits out. */
export const fineTunedOnnxSchema = z.strictObject({
  kind: z.literal('onnx'),
  file: z.string().min(1),
  /** Input name; default `pixel_values`. */
  input: z.string().min(1).default('pixel_values'),
  /** Output name; default `logits`. */
  output: z.string().min(1).default('logits'),
});

/**
 * A linear head trained here on the zero-shot model's cached image features (L2-normalised, logits scaled by
 * the zero-shot logit scale), by L-BFGS (default) or SGD, from the zero-shot head (default) or from zero.
 */
export const linearHeadSchema = z.strictObject({
  kind: z.literal('linear-head'),
  /** Initial head; default `zero-shot`. */
  init: z.enum(['zero-shot', 'zero']).default('zero-shot'),
  /** L2 weight decay; default 1e-3. */
  weightDecay: z.number().nonnegative().default(1e-3),
  /** What the decay pulls towards; default `init` (a few-shot head stays a refinement of the zero-shot one). */
  regularizeTowards: z.enum(['init', 'zero']).default('init'),
  optimizer: z.enum(['lbfgs', 'sgd']).default('lbfgs'),
  /** L-BFGS iteration cap; default 100. */
  maxIterations: z.number().int().positive().default(100),
  /** SGD settings (ignored by L-BFGS); defaults 10 epochs, batch 256, learning rate 0.1. */
  epochs: z.number().int().positive().default(10),
  batchSize: z.number().int().positive().default(256),
  learningRate: z.number().positive().default(0.1),
  seed: z.number().int().default(0),
});

/** Precomputed logits, one `.npy` (N x K, float32/float64, rows in the data's sample order) per split role. */
export function logitsSourceSchema(roles: readonly string[]) {
  return z.strictObject({ kind: z.literal('logits'), files: roleFiles(roles) });
}

/** The zero-shot model: CLIP in ONNX or precomputed logits. */
export function zeroShotSchema(roles: readonly string[]) {
  return z.discriminatedUnion('kind', [zeroShotOnnxSchema, logitsSourceSchema(roles), simulatedModelSchema]);
}

/** The fine-tuned model: an ONNX classifier, a linear head trained here, or precomputed logits. */
export function fineTunedSchema(roles: readonly string[]) {
  return z.discriminatedUnion('kind', [
    fineTunedOnnxSchema,
    linearHeadSchema,
    logitsSourceSchema(roles),
    simulatedModelSchema,
  ]);
}

/**
 * The WiSE-FT model at each alpha: interpolated linear heads, the ONNX weights of a zero-shot classifier (same
 * graph as the fine-tuned one) merged with the fine-tuned one, logits files (patterns with `{alpha}`), or none
 * (WiSE-FT cells print n/a).
 */
export function wiseFtSchema(roles: readonly string[]) {
  return z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('interpolate-heads') }),
    z.strictObject({ kind: z.literal('merge-onnx'), zeroShotClassifier: z.string().min(1) }),
    logitsSourceSchema(roles),
    simulatedModelSchema,
    z.strictObject({ kind: z.literal('none') }),
  ]);
}

/** The three models of an experiment. `wiseFt` defaults to `interpolate-heads` for a linear head, else `none`. */
export function modelsSchema(roles: readonly string[]) {
  return z.strictObject({
    zeroShot: zeroShotSchema(roles),
    fineTuned: fineTunedSchema(roles),
    wiseFt: wiseFtSchema(roles).optional(),
  });
}

/** Runtime settings of feature extraction. */
export const runtimeSchema = z
  .strictObject({
    /** onnxruntime execution provider; default `cpu`. */
    executionProvider: z.enum(['cpu', 'cuda']).default('cpu'),
    /** Images per inference call; default 32. */
    batchSize: z.number().int().positive().default(32),
    /** Images preprocessed in parallel; default 4. */
    concurrency: z.number().int().positive().default(4),
    /** Storage of cached features; default float32. */
    featureDtype: z.enum(['float32', 'float16']).default('float32'),
    /** Resize implementation: `pil` (default, bit-exact with CLIP's Pillow pipeline) or `sharp` (faster). */
    resampler: z.enum(['pil', 'sharp']).default('pil'),
    /**
     * When images become RGB: `before-resize` (default, torchvision's pil_loader in WiSE-FT's and CoOp's datasets)
     * or `after-crop` (`preprocess(Image.open(p))` from CLIP's README). They differ on alpha, palette, 1-bit, CMYK
     * and 16-bit greyscale files.
     */
    rgbConversion: z.enum(['before-resize', 'after-crop']).default('before-resize'),
  })
  .prefault({});

/** How q is estimated. Both estimators always run (every table has both GLA rows); `solver` picks whose q ranks. */
export const priorSolverSchema = z.strictObject({
  /**
   * Whose q ranks the classes into head / medium / tail: `exact` (default: converges to a certificate) or `paper`
   * (the authors' 1000 SGD steps, as their ImageNet code ranked them).
   */
  solver: z.enum(['exact', 'paper']).default('exact'),
  /** Iterations of the paper solver; default 1000, at most 1e6 (1e12 would run for years, silently). */
  paperIterations: z.number().int().positive().max(1_000_000).default(1000),
});

/** One temperature rule: `none` (T = 1), `confidence` (the authors' few-shot code), `nll` or a positive number. */
const temperatureRuleSchema = z.union([z.enum(['none', 'confidence', 'nll']), z.number().positive()]);

/**
 * Temperature rule per model, in the CLI's vocabulary: `none` (T = 1), `confidence` (the authors' few-shot code),
 * `nll` (temperature scaling) or a positive number, and where the bracketed search of the confidence rule stops:
 * within 0.1 percentage points for the zero-shot model and 1.0 for the fine-tuned one by default, as the authors' code.
 */
export const temperatureSchema = (defaults: 'none' | 'confidence') =>
  z
    .strictObject({
      zeroShot: temperatureRuleSchema.default(defaults),
      fineTuned: temperatureRuleSchema.default(defaults),
      /** Tolerance of the zero-shot search, in percentage points; default 0.1. */
      zeroShotTolerance: z.number().positive().max(100).default(0.1),
      /** Tolerance of the fine-tuned search, in percentage points; default 1.0. */
      fineTunedTolerance: z.number().positive().max(100).default(1),
    })
    .prefault({});
