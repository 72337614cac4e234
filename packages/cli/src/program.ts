import { Command } from 'commander';
import { estimatePriorCommand } from './commands/estimate-prior.js';
import { evaluateCommand } from './commands/evaluate.js';
import { demoCommand } from './commands/demo.js';
import { runCommand } from './commands/run.js';
import { reportCommand } from './commands/report.js';
import { mergeCacheCommand } from './commands/merge-cache.js';
import { benchCommand } from './commands/bench.js';
import { mergeCommand } from './commands/merge.js';
import { zeroShotHeadCommand } from './commands/zeroshot-head.js';

/** Where commands write their notes (stderr by default, so stdout stays clean for pipes). */
export type Log = (line: string) => void;

/** Builds the `gla` command line. */
export function buildProgram(log: Log): Command {
  const program = new Command('gla')
    .description(
      'Generalized Logit Adjustment (GLA, NeurIPS 2023): estimate the pre-training prior of a zero-shot model and ensemble it with a fine-tuned one',
    )
    .showHelpAfterError()
    .exitOverride();

  program
    .command('estimate-prior')
    .description('estimate the pre-training label prior q from zero-shot logits on a labelled, class-balanced set')
    .requiredOption('--logits <file>', 'zero-shot logits, N x K float32/float64 .npy')
    .requiredOption('--labels <file>', 'labels, N int32/int64 .npy')
    .option('--temperature <rule>', "none (T = 1), auto (the paper's confidence matching) or a number", 'none')
    .option('--solver <name>', "exact (converges to a certificate) or paper (the authors' SGD as shipped)", 'exact')
    .option('--tolerance <value>', 'certificate target max_j |mean p_j - freq_j| of the exact solver', '1e-6')
    .option(
      '--threads <n>',
      'worker threads of the exact solver (default: every core; the result does not depend on it)',
    )
    .option('--ridge <value>', 'exact solver: ridge toward the mean log q that makes q unique where data cannot', '0')
    .option('--bootstrap <n>', 'also resample the estimation set n times for empirical standard errors and intervals')
    .option('--no-standard-errors', 'skip the per-class standard errors of log q (as long as the solve)')
    .requiredOption('--out <file>', 'output JSON')
    .action(async (options) => {
      await estimatePriorCommand(options, log);
    });

  program
    .command('evaluate')
    .description('evaluate zero-shot, fine-tuned, debiased zero-shot, output ensemble and GLA on one test set')
    .requiredOption('--labels <file>', 'test labels, N int32/int64 .npy')
    .requiredOption('--zero-shot <file>', 'zero-shot logits, N x K .npy')
    .requiredOption('--fine-tuned <file>', 'fine-tuned logits, N x K .npy')
    .requiredOption('--prior <file>', 'pre-training prior q: JSON from estimate-prior, a JSON array, or a 1-D .npy')
    .option(
      '--train-labels <file>',
      'fine-tuning labels; their frequencies give the downstream prior pi_s (default uniform)',
    )
    .option('--alpha <value>', 'output-ensemble weight of the fine-tuned logits', '0.5')
    .option('--zero-shot-temperature <value>', 'temperature of the zero-shot logits in GLA', '1')
    .option('--fine-tuned-temperature <value>', 'temperature of the fine-tuned logits in GLA', '1')
    .option('--format <format>', 'json, md or csv', 'json')
    .requiredOption('--out <file>', 'output file')
    .action(async (options) => {
      await evaluateCommand(options, log);
    });

  program
    .command('demo')
    .description(
      'the embedded default: GLA end to end on a simulated foundation world (not CLIP); tables, plots and a report',
    )
    .option('--config <file>', 'YAML config (keys as in configs/demo.yaml)')
    .option('--world <preset>', "simulated world preset: 'default' or 'imagenet-sized'")
    .option('--seed <n>', 'world seed')
    .option('--out <dir>', 'output folder (replaced as a whole when the run succeeds)')
    .action(async (options) => {
      await demoCommand(options, log);
    });

  program
    .command('run')
    .description(
      'run a paper experiment (configs/imagenet, configs/few-shot, configs/long-tail) with caching at every stage',
    )
    .argument('<config>', 'YAML experiment config')
    .option('--dry-run', 'print the plan: stages, inputs, what is cached, what would run, what is missing')
    .option('--shard <i/n>', 'extract only shard i of n of every feature set (join them with gla merge-cache)')
    .option('--run-id <id>', 'run folder name under results/<experiment>/ (default: time and config hash)')
    .option('--cache <dir>', "cache root (default: the config's cacheDir)")
    .action(async (config: string, options) => {
      await runCommand(config, options, log);
    });

  program
    .command('report')
    .description(
      'paper-layout tables (Markdown, CSV, LaTeX), the paper numbers where known, differences and plots from run folders',
    )
    .argument('<runs...>', 'run folders written by gla run (results/<experiment>/<run-id>)')
    .option('--out <dir>', 'output folder', 'results/report')
    .option('--paper-reference <file>', 'paper numbers (default: the one each run recorded)')
    .action(async (runs: string[], options) => {
      await reportCommand(runs, options, log);
    });

  program
    .command('merge-cache')
    .description('join feature shards from gla run --shard i/n (several machines) into complete feature caches')
    .argument('<dirs...>', 'cache folders holding the shards')
    .requiredOption('--out <dir>', 'cache root receiving the joined features')
    .action(async (dirs: string[], options) => {
      await mergeCacheCommand(dirs, options, log);
    });

  program
    .command('bench')
    .description(
      'ImageNet-scale benchmarks on generated inputs (prior estimation, evaluation, linear heads, feature extraction); writes results/bench/<date>.json and .md',
    )
    .option('--quick', 'tiny sizes (seconds): checks that everything runs, judges no target')
    .option('--only <sections>', 'comma-separated: prior, evaluate, head, features')
    .option('--out <dir>', 'output folder', 'results/bench')
    .action(async (options) => {
      await benchCommand(options, log);
    });

  program
    .command('merge')
    .description(
      'WiSE-FT weight-space ensemble: interpolate every float initializer of two ONNX exports of the same network',
    )
    .requiredOption('--zero-shot <file>', 'the model at alpha = 0 (.onnx; its graph is kept)')
    .requiredOption('--fine-tuned <file>', 'the model at alpha = 1 (.onnx)')
    .option('--alpha <value>', 'weight of the fine-tuned model in [0, 1]', '0.5')
    .requiredOption('--out <file>', 'merged .onnx (external data, if any, goes to <out>.data)')
    .action(async (options) => {
      await mergeCommand(options, log);
    });

  program
    .command('zeroshot-head')
    .description('build a prompt-ensemble zero-shot head (K x D .npy) with the text tower of a CLIP ONNX export')
    .requiredOption('--model <file>', 'model.json of the export (see packages/models/manifests)')
    .requiredOption(
      '--classnames <file>',
      'JSON array of class names in class-index order (e.g. configs/protocol/imagenet-classnames.json)',
    )
    .requiredOption('--templates <file>', 'JSON templates with {} (e.g. configs/protocol/imagenet-templates.json)')
    .requiredOption('--out <file>', 'output .npy (K x D float32, unit rows)')
    .action(async (options) => {
      await zeroShotHeadCommand(options, log);
    });

  return program;
}
