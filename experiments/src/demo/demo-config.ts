import { ConfigError } from '../config-error.js';
import { readYamlFile } from '../read-yaml-file.js';
import { z } from 'zod';
import { formatConfigIssue } from '../paper/config/format-config-issue.js';

/** The demo's settings: the single source of truth for `configs/demo.yaml` and the CLI's flags. */
export const demoConfigSchema = z
  .object({
    /** Simulated world preset: 'default' (K = 100) or 'imagenet-sized' (K = 1000). */
    world: z.enum(['default', 'imagenet-sized']).default('default'),
    /** World seed. */
    seed: z.number().int().nonnegative().default(0),
    /** WiSE-FT and output-ensemble weight of the fine-tuned model. */
    alpha: z.number().min(0).max(1).default(0.5),
    /** WiSE-FT sweep. */
    alphaSweep: z.array(z.number().min(0).max(1)).min(2).default([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]),
    fewShot: z
      .object({
        shots: z.array(z.number().int().positive()).min(1).default([1, 2, 4, 8, 16]),
        seeds: z.array(z.number().int()).min(1).default([1, 2, 3]),
        /** 'confidence': the authors' confidence matching; 'none': T = 1. */
        temperature: z.enum(['confidence', 'none']).default('confidence'),
      })
      .strict()
      .prefault({}),
    paperSolver: z
      // At most 1e6: 1e12 would run for years, silently.
      .object({ iterations: z.number().int().positive().max(1_000_000).default(1000) })
      .strict()
      .prefault({}),
    /** Output folder, relative to the repository root. */
    out: z.string().min(1).default('results/demo'),
  })
  .strict();

/** A validated demo config with every default filled in. */
export type DemoConfig = z.infer<typeof demoConfigSchema>;

/** Validates a parsed config object; `file` names it in errors. */
export function parseDemoConfig(value: unknown, file = 'config'): DemoConfig {
  const result = demoConfigSchema.safeParse(value ?? {});
  // The same one-line wording as the paper configs: unknown keys named with their full path, enums listed.
  if (!result.success) throw new ConfigError(`${file}: ${formatConfigIssue(result.error.issues[0])}`);
  return result.data;
}

/** Reads and validates a YAML demo config. */
export function loadDemoConfig(file: string): DemoConfig {
  const value = readYamlFile(file);
  return parseDemoConfig(value, file);
}
