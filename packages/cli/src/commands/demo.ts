import { loadDemoConfig, parseDemoConfig, runDemo, type DemoConfig } from '@gla/experiments';
import { CliError } from '../cli-error.js';
import { messages } from '../messages.js';
import { parseNumberFlag } from '../number-flag.js';

/** Flags of `gla demo`; each overrides the config key of the same name. */
export interface DemoCommandOptions {
  config?: string;
  world?: string;
  seed?: string;
  out?: string;
}

/** Runs `gla demo`: the simulated-world demo, writing tables, plots and a report under `out`. */
export async function demoCommand(
  options: DemoCommandOptions,
  log: (line: string) => void,
  root = process.cwd(),
): Promise<void> {
  const base: DemoConfig = options.config ? loadDemoConfig(options.config) : parseDemoConfig({});
  const overrides: Record<string, unknown> = {};
  if (options.world !== undefined) overrides.world = options.world;
  if (options.seed !== undefined) {
    const seed = parseNumberFlag('--seed', options.seed);
    if (!Number.isInteger(seed)) throw new CliError(messages.badNumber('--seed', options.seed));
    overrides.seed = seed;
  }
  if (options.out !== undefined) overrides.out = options.out;
  const config = parseDemoConfig({ ...base, ...overrides }, options.config ?? 'flags');
  // Without a terminal (CI logs, pipes) the progress bar becomes one line per 10 %, so the run still shows progress.
  if (!process.stderr.isTTY) process.env.GLA_PROGRESS ??= 'plain';
  const started = Date.now();
  const run = await runDemo(config, root, log);
  const m = run.results.manyShot.methods;
  log(
    `many-shot top-1 (simulated): zero-shot ${pct(m['zero-shot'].top1)}, fine-tuned ${pct(m['fine-tuned'].top1)}, WiSE-FT ${pct(m['wise-ft'].top1)}, GLA ${pct(m.gla.top1)}`,
  );
  log(
    `wrote ${run.files.length} files to ${run.outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s (report: ${run.outDir}/README.md)`,
  );
}

function pct(x: number): string {
  return `${(100 * x).toFixed(2)} %`;
}
