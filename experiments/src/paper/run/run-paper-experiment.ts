import { appendFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import { writeFileAtomic } from '@gla/core';
import { writeTableFiles } from '@gla/report';
import { ConfigError } from '../../config-error.js';
import { createProgress } from '../../progress.js';
import { loadPaperConfig, type PaperConfig } from '../config/paper-config.js';
import { resolvePath } from '../config/fill-pattern.js';
import { buildPaperPipeline } from '../pipelines/build-paper-pipeline.js';
import { FileDigests } from '../../engine/file-digests.js';
import { formatPlan } from '../../engine/format-plan.js';
import { planStages, type PlannedStage } from '../../engine/plan-stages.js';
import type { Shard, StageContext } from '../../engine/stage-context.js';
import { stageClosure } from '../../engine/stage-closure.js';
import { StageRunner } from '../../engine/stage-runner.js';
import { STAGE_KINDS } from '../../engine/stage-node.js';
import { defaultJobs, TaskPool } from '../../engine/task-pool.js';
import { loadPaperReference } from '../tables/paper-reference.js';
import { runTables } from '../tables/run-tables.js';
import { defaultRunId, isValidRunId } from './run-id.js';
import { runEnvironment } from './run-environment.js';
import { runNotes } from './run-notes.js';
import type { RunRecord } from './run-record.js';
import { zeroShotLogitScale } from '../config/zero-shot-logit-scale.js';
import { asOutputError, checkCacheWritableFor, checkRunFolder } from './run-folder-checks.js';
import { removeStrayStageTemps } from './stray-stage-temps.js';

/** Options of {@link runPaperExperiment}. */
export interface PaperRunOptions {
  /** The YAML config (relative paths resolve against `root`). */
  configFile: string;
  /** Repository root: relative paths in the config resolve against it; default the working directory. */
  root?: string;
  /** Print the plan only: stages, inputs, what is cached, what would run, what is missing. */
  dryRun?: boolean;
  /** With `dryRun`: one line per stage and every missing input instead of the grouped summary. */
  verbose?: boolean;
  /** Extract only this slice of every feature set (several machines share a dataset); no evaluation. */
  shard?: Shard;
  /** Run folder name; default `YYYYMMDD-HHMMSS-<config hash>`. */
  runId?: string;
  /** Cache root overriding the config's `cacheDir`. */
  cacheDir?: string;
  /** Results root overriding the config's `resultsDir` (the run folder is `<resultsDir>/<experiment>/<run-id>`). */
  resultsDir?: string;
  /**
   * onnxruntime execution provider overriding the config's `runtime.executionProvider` (`gla run --device`);
   * recorded in the run's resolved config.
   */
  executionProvider?: 'cpu' | 'cuda';
  /** Variables for `${...}` in the config; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  log?: (line: string) => void;
  /**
   * Stages worked on at once, and worker threads for their heavy steps; default every core (`gla run --jobs`).
   * Results do not depend on it, and it is recorded nowhere.
   */
  jobs?: number;
  /** Worker threads to share with other runs (`gla demo`); default a pool of `jobs` workers for this run. */
  tasks?: TaskPool;
}

/** What a run did. */
export interface PaperRun {
  config: PaperConfig;
  mode: 'dry-run' | 'shard' | 'run';
  /** The plan (dry runs). */
  plan?: PlannedStage[];
  planText?: string[];
  /** The run directory (full runs). */
  runDir?: string;
  record?: RunRecord;
  files: string[];
  /** Ids of the stages computed (not loaded from the cache). */
  computed: string[];
}

/**
 * `gla run <config>`: builds the experiment's stage graph and either prints its plan (`dryRun`), extracts one
 * shard of every feature set (`shard`), or runs it to `results/<experiment>/<run-id>/` with the resolved config,
 * the environment, a log, `metrics.json` and the tables (Markdown, CSV, LaTeX, JSON). Plots are drawn by
 * `gla report`, which renders them for one run or several.
 */
async function runPaperExperimentUnchecked(
  options: PaperRunOptions,
  folders: string[],
  tasks: (jobs: number) => TaskPool,
): Promise<PaperRun> {
  const root = options.root ?? process.cwd();
  const log = options.log ?? (() => {});
  const loaded = loadPaperConfig(resolvePath(root, options.configFile), options.env ?? process.env, options.configFile);
  const config = options.executionProvider
    ? { ...loaded, runtime: { ...loaded.runtime, executionProvider: options.executionProvider } }
    : loaded;
  const cacheDir = resolvePath(root, options.cacheDir ?? config.cacheDir);
  // Read before any work, so that a bad reference file stops the run at once rather than after hours.
  const referenceFile = config.paperReference ? resolvePath(root, config.paperReference) : null;
  const reference = referenceFile ? loadPaperReference(referenceFile) : undefined;
  let logFile: string | undefined;
  const tee = (line: string) => {
    log(line);
    if (logFile) appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`);
  };
  const jobs = options.jobs ?? defaultJobs();
  const ctx: StageContext = {
    root,
    cacheDir,
    log: tee,
    // Named after the experiment: `gla demo` runs its configs side by side, and their lines interleave.
    progress: (label, total, unit) => createProgress(`${config.experiment} ${label}`, total, unit),
    digests: new FileDigests(),
    shard: options.shard,
    jobs,
    tasks: options.tasks ?? tasks(jobs),
  };
  const runner = new StageRunner(ctx);
  const pipeline = buildPaperPipeline(config, root);
  const title = `Plan for ${options.configFile} (${config.kind}, experiment ${config.experiment}, data: ${config.data.kind})`;

  if (options.dryRun) {
    const plan = await planStages(runner, pipeline.targets);
    const planText = formatPlan(title, plan, root, { verbose: options.verbose });
    for (const line of planText) log(line);
    return { config, mode: 'dry-run', plan, planText, files: [], computed: [] };
  }
  if (options.shard) {
    checkRunFolder(cacheDir, 'cache folder', false);
    folders.push(cacheDir);
    const features = stageClosure(pipeline.targets).filter((n) => n.kind === 'features');
    if (features.length === 0)
      throw new ConfigError(
        `${options.configFile}: --shard: this config extracts no image features (data.kind is ${config.data.kind})`,
      );
    log(
      `shard ${options.shard.index}/${options.shard.count}: extracting ${features.length} feature set(s) into ${cacheDir}`,
    );
    await runner.run(features);
    log(
      `shard ${options.shard.index}/${options.shard.count} done; join the shards with: gla merge-cache <cache dirs...> --out ${relative(root, cacheDir) || '.'}`,
    );
    return { config, mode: 'shard', files: [], computed: runner.computedIds };
  }

  const runId = options.runId ?? defaultRunId(config);
  if (!isValidRunId(runId))
    throw new ConfigError(`--run-id: expected letters, digits, '.', '_' or '-', got '${runId}'`);
  const runDir = join(resolvePath(root, options.resultsDir ?? config.resultsDir), config.experiment, runId);
  // Both checked before any work, like estimate-prior, evaluate and demo: hours of stages must not end in ENOTDIR.
  checkRunFolder(runDir, 'results folder');
  checkRunFolder(cacheDir, 'cache folder', false);
  await checkCacheWritableFor(cacheDir, async () =>
    (await planStages(runner, pipeline.targets)).reduce((n, p) => n + (p.status === 'run' ? 1 : 0), 0),
  );
  folders.push(runDir, cacheDir);
  mkdirSync(runDir, { recursive: true });
  logFile = join(runDir, 'run.log');
  const started = Date.now();
  const files: string[] = [];
  const write = async (name: string, text: string) => {
    await writeFileAtomic(join(runDir, name), text);
    files.push(name);
  };
  await write('config.resolved.yaml', stringify(config));
  await write(
    'environment.json',
    `${JSON.stringify(runEnvironment(config.runtime.executionProvider, options.env ?? process.env), null, 2)}\n`,
  );
  tee(`run ${config.experiment}/${runId}: ${config.title} (${config.kind}, data: ${config.data.kind})`);
  const metrics = await pipeline.collect(runner);
  // Stage counts by kind in the plan's order, not in the order stages finished (which varies with --jobs).
  const byKind = (r: Record<string, number>) =>
    Object.fromEntries(STAGE_KINDS.filter((kind) => r[kind] !== undefined).map((kind) => [kind, r[kind]]));
  const stageCounts = { computed: byKind(runner.counts.computed), cached: byKind(runner.counts.cached) };
  const scale = zeroShotLogitScale(config, root);
  const record: RunRecord = {
    schema: 'gla-paper-run/1',
    experiment: config.experiment,
    kind: config.kind,
    title: config.title,
    backbone: config.backbone,
    runId,
    createdAt: new Date(started).toISOString(),
    configFile: options.configFile,
    paperReference: referenceFile,
    dataMode: config.data.kind,
    models: {
      zeroShot: config.models.zeroShot.kind,
      fineTuned: config.models.fineTuned.kind,
      wiseFt: config.models.wiseFt?.kind ?? 'none',
      ...(scale ? { zeroShotLogitScale: scale } : {}),
    },
    notes: [
      ...runNotes(config),
      ...(scale
        ? [
            `Zero-shot logits = ${scale.value} x cosine (logit scale from ${scale.source === 'config' ? 'the config' : scale.source === 'manifest' ? 'the model manifest' : "CLIP's default"}).`,
          ]
        : []),
    ],
    metrics,
    stages: stageCounts,
    seconds: (Date.now() - started) / 1000,
  };
  await write('metrics.json', `${JSON.stringify(record, null, 2)}\n`);
  for (const { name, table } of runTables(record, reference)) {
    const written = await writeTableFiles(join(runDir, 'tables'), name, table, { markdown: { boldBest: true } });
    files.push(...Object.values(written).map((f) => relative(runDir, f as string)));
  }
  const counts = (r: Record<string, number>) =>
    Object.entries(r)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ') || 'none';
  tee(`stages computed: ${counts(stageCounts.computed)}; from cache: ${counts(stageCounts.cached)}`);
  tee(`wrote ${files.length + 1} files to ${runDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  files.push('run.log');
  const stray = removeStrayStageTemps(cacheDir, started);
  if (stray.length > 0) tee(`removed ${stray.length} temporary file(s) left in the cache by interrupted runs`);
  return { config, mode: 'run', runDir, record, files, computed: runner.computedIds };
}

/**
 * `gla run <config>` as {@link runPaperExperimentUnchecked} describes (which pushes the folders it writes onto
 * `folders` as soon as it knows them), with file-system write failures met mid-run in those folders (a full
 * disk, storage turned read-only) turned into one-line OutputErrors naming the path.
 */
export async function runPaperExperiment(options: PaperRunOptions): Promise<PaperRun> {
  const folders: string[] = [];
  const own: TaskPool[] = [];
  try {
    return await runPaperExperimentUnchecked(options, folders, (jobs) => {
      const pool = new TaskPool(jobs > 1 ? jobs : 0);
      own.push(pool);
      return pool;
    });
  } catch (error) {
    throw asOutputError(error, folders);
  } finally {
    for (const pool of own) await pool.close();
  }
}
