import { z } from 'zod';
import { ConfigError } from '../../config-error.js';
import { readYamlFile } from '../../read-yaml-file.js';
import { formatConfigIssue } from '../config/format-config-issue.js';
import { METHOD_IDS, type MethodId } from '@gla/core';

const pct = z.number().min(0).max(100).nullable();
const method = z.enum(METHOD_IDS as [MethodId, ...MethodId[]]);

/** Columns of the paper's ImageNet tables, in percent. */
const manyShotRow = z.strictObject({
  top1: pct.optional(),
  head: pct.optional(),
  medium: pct.optional(),
  tail: pct.optional(),
  'imagenet-v2': pct.optional(),
  'imagenet-sketch': pct.optional(),
  'imagenet-r': pct.optional(),
  'imagenet-a': pct.optional(),
  avgShifts: pct.optional(),
});

const longTailRow = z.strictObject({
  overall: pct.optional(),
  many: pct.optional(),
  medium: pct.optional(),
  few: pct.optional(),
});

/**
 * The paper's numbers as data (configs/paper/*.yaml), in percent as printed. Only verified numbers are filled;
 * every other cell is null and prints as n/a. Every entry names its source.
 */
export const paperReferenceSchema = z.strictObject({
  paper: z.string().min(1),
  status: z.string().min(1),
  units: z.literal('percent'),
  manyShot: z
    .array(
      z.strictObject({
        backbone: z.string().min(1),
        source: z.string().min(1),
        verified: z.boolean(),
        rows: z.partialRecord(method, manyShotRow),
      }),
    )
    .default([]),
  fewShot: z
    .array(
      z.strictObject({
        backbone: z.string().min(1),
        dataset: z.string().min(1),
        method,
        source: z.string().min(1),
        verified: z.boolean(),
        /** Per number of shots: the mean over seeds and the std (np.std), and the per-seed values when printed. */
        cells: z.record(
          z.string().regex(/^\d+$/),
          z.strictObject({ mean: pct, std: pct.optional(), seeds: z.array(z.number()).optional() }),
        ),
      }),
    )
    .default([]),
  longTail: z
    .array(
      z.strictObject({
        benchmark: z.enum(['imagenet-lt', 'places-lt']),
        backbone: z.string().nullable(),
        source: z.string().min(1),
        verified: z.boolean(),
        rows: z.partialRecord(method, longTailRow),
      }),
    )
    .default([]),
  headlineGains: z
    .array(
      z.strictObject({
        experiment: z.enum(['many-shot', 'few-shot', 'long-tail']),
        claim: z.string().min(1),
        /** Gain in percentage points, or a range. */
        gainPp: z.number().nullable(),
        rangePp: z.tuple([z.number(), z.number()]).nullable().default(null),
        /** What the gain is measured against, when the source says. */
        baseline: z.string().nullable(),
        source: z.string().min(1),
      }),
    )
    .default([]),
  /** Numbers from other papers for orientation only: NOT GLA results. */
  externalBaselines: z
    .array(
      z.strictObject({
        source: z.string().min(1),
        warning: z.string().min(1),
        rows: z.array(
          z.strictObject({
            method: z.string().min(1),
            /** Our method the row corresponds to, if any. */
            matches: method.nullable(),
            backbone: z.string().min(1),
            imagenet: pct,
            'imagenet-v2': pct,
            'imagenet-sketch': pct,
            'imagenet-a': pct,
            'imagenet-r': pct,
            objectnet: pct,
            avgShifts: pct,
          }),
        ),
      }),
    )
    .default([]),
});

export type PaperReference = z.output<typeof paperReferenceSchema>;

/**
 * Reads and validates a paper reference file.
 * @throws ConfigError `<file>: <key path>: <problem>`.
 */
export function loadPaperReference(file: string): PaperReference {
  const value = readYamlFile(file);
  const result = paperReferenceSchema.safeParse(value);
  if (!result.success) throw new ConfigError(`${file}: ${formatConfigIssue(result.error.issues[0])}`);
  return result.data;
}

/** A percentage as a fraction (tables store fractions); null stays null. */
export function fromPercent(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : value / 100;
}
