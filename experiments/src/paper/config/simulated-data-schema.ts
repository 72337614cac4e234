import { z } from 'zod';

/**
 * `data.kind: simulated`: the seeded simulated foundation world of `@gla/datasets` (not CLIP) as the data of a
 * paper pipeline; its models are `kind: simulated` too (the world's trained zero-shot head, heads fine-tuned from
 * it on the run's train split, their weight interpolation for WiSE-FT).
 */
export const simulatedDataSchema = z.strictObject({
  kind: z.literal('simulated'),
  /** Preset: `default` (100 classes) or `imagenet-sized` (1,000 classes). */
  world: z.enum(['default', 'imagenet-sized']).default('default'),
  /** Seed of the world; default 0 (the demo's). */
  seed: z.number().int().nonnegative().default(0),
  /** Settings of the world on top of the preset (classes, dims, samples per class...: tests use a small world). */
  overrides: z.record(z.string(), z.number()).default({}),
});

export type SimulatedData = z.output<typeof simulatedDataSchema>;

/** The models of a simulated run. */
export const simulatedModelSchema = z.strictObject({ kind: z.literal('simulated') });
