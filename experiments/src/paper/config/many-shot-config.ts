import { z } from 'zod';
import { commonConfigShape, ensembleSchema } from './common-schema.js';
import { simulatedDataSchema } from './simulated-data-schema.js';
import { modelsSchema, priorSolverSchema, roleFiles, temperatureSchema } from './model-source-schema.js';

/** The ImageNet shift sets (ObjectNet is not supported); -R and -A are scored on their 200 classes. */
export const IMAGENET_SHIFT_NAMES = ['imagenet-v2', 'imagenet-sketch', 'imagenet-r', 'imagenet-a'] as const;
export type ImageNetShift = (typeof IMAGENET_SHIFT_NAMES)[number];

/** The shifted domains of the simulated world (`data.kind: simulated`), mildest first. */
export const SIMULATED_SHIFT_NAMES = ['shift-a', 'shift-b', 'shift-c', 'shift-d'] as const;

/** Split roles of the many-shot experiment: the held-out balanced train subset, ImageNet val and the shifts. */
export const MANY_SHOT_ROLES = ['heldout', 'val', ...IMAGENET_SHIFT_NAMES] as const;

const path = z.string().min(1);

/** ImageNet and its shifts as image folders (see @gla/datasets). */
const imagesData = z.strictObject({
  kind: z.literal('images'),
  /** Folder holding `train/` and `val/` in wnid folders. */
  imagenet: path,
  /** CLIP's 1000 class names in index order (configs/protocol/imagenet-classnames.json). */
  classNames: path,
  /** The 1000 wnids in index order (configs/protocol/imagenet-wnids.json). */
  wnids: path,
  /** List of held-out train images (`<path from the ImageNet root> <label>`), e.g. ImageNet_LT_val.txt: 20 per class. */
  heldOut: path,
  /** Folder of each shift set to evaluate (keys as in `shifts`). */
  shiftDirs: z
    .strictObject(
      Object.fromEntries(IMAGENET_SHIFT_NAMES.map((s) => [s, path.optional()])) as Record<
        ImageNetShift,
        z.ZodOptional<z.ZodString>
      >,
    )
    .default({}),
  /** Keep at most this many test images per class (smoke tests only; the paper uses every image). */
  testPerClass: z.number().int().positive().optional(),
});

/** Labels as `.npy` files per split (logits mode). */
const logitsData = z.strictObject({
  kind: z.literal('logits'),
  labels: roleFiles(MANY_SHOT_ROLES),
  /**
   * For -R / -A: the 200 ImageNet class indices (`.npy` or JSON list); labels then index them (0..199). Without
   * it, labels are 1000-way and the subset is the set of classes present in them.
   */
  classIndices: z.strictObject({ 'imagenet-r': path.optional(), 'imagenet-a': path.optional() }).default({}),
});

/** The many-shot ImageNet experiment (the paper's ImageNet table, WiSE-FT comparison and shifts). */
export const manyShotConfigSchema = z.strictObject({
  ...commonConfigShape,
  kind: z.literal('many-shot'),
  /** Shift sets to evaluate; default the four ImageNet shifts (the simulated world's domains with simulated data). */
  shifts: z.array(z.enum([...IMAGENET_SHIFT_NAMES, ...SIMULATED_SHIFT_NAMES])).default([...IMAGENET_SHIFT_NAMES]),
  data: z.discriminatedUnion('kind', [imagesData, logitsData, simulatedDataSchema]),
  models: modelsSchema(MANY_SHOT_ROLES),
  prior: priorSolverSchema
    .extend({
      /**
       * `heldout-train-balanced` (default: a held-out balanced subset of ImageNet train) or `paper-eval-split`
       * (the authors' choice: their shipped q appears fitted on ImageNet val, the evaluation split itself).
       */
      estimationSet: z.enum(['heldout-train-balanced', 'paper-eval-split']).default('heldout-train-balanced'),
    })
    .prefault({}),
  /** The authors' many-shot script applies no temperature. */
  temperature: temperatureSchema('none'),
  ensemble: ensembleSchema(true),
});

export type ManyShotConfig = z.output<typeof manyShotConfigSchema>;
