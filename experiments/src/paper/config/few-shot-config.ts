import { z } from 'zod';
import { COOP_DATASETS } from '@gla/datasets';
import { commonConfigShape, ensembleSchema } from './common-schema.js';
import { simulatedDataSchema } from './simulated-data-schema.js';
import { modelsSchema, priorSolverSchema, roleFiles, temperatureSchema } from './model-source-schema.js';

/** CoOp's names of the 11 few-shot datasets, in CoOp's order. */
export const FEW_SHOT_DATASETS = COOP_DATASETS.map((d) => d.name) as unknown as readonly [string, ...string[]];

/** Split roles of one few-shot run: the k-shot train and val sets and the full test split. */
export const FEW_SHOT_ROLES = ['train', 'val', 'test'] as const;

const path = z.string().min(1);

/** The CoOp datasets as image folders and split files (see @gla/datasets). */
const imagesData = z.strictObject({
  kind: z.literal('images'),
  /** CoOp's DATASET.ROOT: the folder holding `caltech-101/`, `oxford_pets/`, ... */
  root: path,
  /** Folder holding the `split_zhou_*.json` files; default each dataset's own folder. */
  splitDir: path.optional(),
  /** Folder of published `shot_<k>-seed_<s>.json` files, `{dataset}` = lower-case CoOp name; else our sampler. */
  fewShotDir: path.optional(),
  /** Class names of datasets without a split file: ImageNet (CLIP's 1000 names). */
  classNames: z.strictObject({ ImageNet: path.optional() }).default({}),
  /** Val images per class when sampling; default min(k, 4), CoOp's rule. */
  valShots: z.number().int().positive().optional(),
  /** Keep at most this many test images per class (smoke tests only; the paper uses every image). */
  testPerClass: z.number().int().positive().optional(),
});

const logitsData = z.strictObject({ kind: z.literal('logits'), labels: roleFiles(FEW_SHOT_ROLES) });

/** The few-shot experiment: datasets x shots x seeds, mean +- std (np.std) over seeds. */
export const fewShotConfigSchema = z.strictObject({
  ...commonConfigShape,
  kind: z.literal('few-shot'),
  /** CoOp datasets; `Simulated` (alone) with `data.kind: simulated`. */
  datasets: z
    .array(z.enum([...FEW_SHOT_DATASETS, 'Simulated']))
    .min(1)
    .default([...FEW_SHOT_DATASETS]),
  shots: z.array(z.number().int().positive()).min(1).default([1, 2, 4, 8, 16]),
  seeds: z.array(z.number().int().nonnegative()).min(1).default([1, 2, 3]),
  data: z.discriminatedUnion('kind', [imagesData, logitsData, simulatedDataSchema]),
  models: modelsSchema(FEW_SHOT_ROLES),
  /** q is estimated on the k-shot train + k-shot val sets, as in the authors' few-shot code. */
  prior: priorSolverSchema.prefault({}),
  /** The authors' few-shot code matches confidence to accuracy for both models. */
  temperature: temperatureSchema('confidence'),
  ensemble: ensembleSchema(false),
});

export type FewShotConfig = z.output<typeof fewShotConfigSchema>;
