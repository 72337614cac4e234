import { z } from 'zod';
import { commonConfigShape, ensembleSchema } from './common-schema.js';
import { simulatedDataSchema } from './simulated-data-schema.js';
import { modelsSchema, priorSolverSchema, roleFiles, temperatureSchema } from './model-source-schema.js';

/** The long-tail benchmarks (`simulated-lt`: the simulated world's long-tailed split, with `data.kind: simulated`). */
export const LONG_TAIL_BENCHMARKS = ['imagenet-lt', 'places-lt', 'simulated-lt'] as const;
export type LongTailBenchmark = (typeof LONG_TAIL_BENCHMARKS)[number];

/** Split roles of a long-tail benchmark: long-tailed train, balanced val (for q), balanced test. */
export const LONG_TAIL_ROLES = ['train', 'val', 'test'] as const;

const path = z.string().min(1);

const benchmarkImages = z.strictObject({
  /** Folder holding the split lists (e.g. ImageNet_LT_train.txt, ImageNet_LT_val.txt, ImageNet_LT_test.txt). */
  lists: path,
  /** Folder the listed image paths start from (the ImageNet root, or Places365-standard's). */
  images: path,
  /** Class names: a JSON list / `{classnames: [...]}`, or a `classnames.txt` (`<id> <name>` lines). */
  classNames: path,
});

const imagesData = z.strictObject({
  kind: z.literal('images'),
  'imagenet-lt': benchmarkImages.optional(),
  'places-lt': benchmarkImages.optional(),
  /** Keep at most this many test images per class (smoke tests only). */
  testPerClass: z.number().int().positive().optional(),
});

const logitsData = z.strictObject({ kind: z.literal('logits'), labels: roleFiles(LONG_TAIL_ROLES) });

/** The long-tail experiment: ImageNet-LT and Places365-LT, many / medium / few. */
export const longTailConfigSchema = z.strictObject({
  ...commonConfigShape,
  kind: z.literal('long-tail'),
  benchmarks: z.array(z.enum(LONG_TAIL_BENCHMARKS)).min(1).default(['imagenet-lt', 'places-lt']),
  data: z.discriminatedUnion('kind', [imagesData, logitsData, simulatedDataSchema]),
  models: modelsSchema(LONG_TAIL_ROLES),
  /** q is estimated on the balanced val split. */
  prior: priorSolverSchema.prefault({}),
  temperature: temperatureSchema('none'),
  ensemble: ensembleSchema(false),
});

export type LongTailConfig = z.output<typeof longTailConfigSchema>;
