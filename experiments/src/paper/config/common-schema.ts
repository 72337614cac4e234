import { z } from 'zod';
import { runtimeSchema } from './model-source-schema.js';

/** Keys every paper experiment config has. */
export const commonConfigShape = {
  /** Name of the experiment: results go to `<resultsDir>/<experiment>/<run-id>/`. */
  experiment: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected lower-case letters, digits, ".", "_" or "-"'),
  /** Title of the tables. */
  title: z.string().min(1),
  /** The backbone the tables name, e.g. "CLIP ViT-B/16". */
  backbone: z.string().min(1),
  description: z.string().optional(),
  /** Cache root, relative to the repository root; default `cache`. */
  cacheDir: z.string().min(1).default('cache'),
  /** Results root; default `results`. */
  resultsDir: z.string().min(1).default('results'),
  runtime: runtimeSchema,
  /** The paper's reference numbers (configs/paper/*.yaml) the tables are compared with; optional. */
  paperReference: z.string().min(1).optional(),
  /** Extra lines for the notes under every table (e.g. how a fine-tuned model was obtained). */
  notes: z.array(z.string()).default([]),
};

/** Output-ensemble / WiSE-FT weight of the fine-tuned model, and the WiSE-FT sweep. */
export const ensembleSchema = (withSweep: boolean) =>
  z
    .strictObject({
      /** Weight of the fine-tuned model in WiSE-FT and the output ensemble; default 0.5 (the paper's WiSE-FT row). */
      alpha: z.number().min(0).max(1).default(0.5),
      /** WiSE-FT alphas for the trade-off curve; default 0, 0.1, ..., 1 (many-shot) or none. */
      sweep: z
        .array(z.number().min(0).max(1))
        .default(withSweep ? [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] : []),
    })
    .prefault({});
