import { readFileSync } from 'node:fs';
import { Command, type Option } from 'commander';

/** Where commands write their notes (stderr by default, so stdout stays clean for pipes). */
export type Log = (line: string) => void;

/** Builds the `gla` command line. */
export function buildProgram(log: Log): Command {
  const program = new Command('gla')
    .description(
      'Generalized Logit Adjustment (GLA, NeurIPS 2023): estimate the pre-training prior of a zero-shot model and ensemble it with a fine-tuned one',
    )
    .version(packageVersion(), '-V, --version', 'print the version of gla')
    .showHelpAfterError('(run gla help <command> for its options)')
    .showSuggestionAfterError()
    .exitOverride()
    // Before the commands are added: they copy these settings, so their errors reach `log` too.
    // commander puts its suggestion on a second line; one line per error suits logs and scripts.
    .configureOutput({
      writeErr: (text) => log(text.trimEnd().replace(/\n\(Did you mean (.*)\?\)$/, ' (did you mean $1?)')),
      writeOut: (text) => process.stdout.write(text),
    });

  program
    .command('estimate-prior')
    .description('estimate the pre-training label prior q from zero-shot logits on a labelled, class-balanced set')
    .requiredOption('--logits <file>', 'zero-shot logits, N x K float32/float64 .npy')
    .requiredOption('--labels <file>', 'labels, N int32/int64 .npy')
    .option(
      '--temperature <rule>',
      "none (T = 1), confidence (the paper's: mean max-softmax = accuracy; 'auto' is the same), nll (temperature scaling) or a number",
      'none',
    )
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
      await (await import('./commands/estimate-prior.js')).estimatePriorCommand(options, log);
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
    .option(
      '--wise-ft <alpha=file>',
      'WiSE-FT logits (weight-space ensemble at alpha), N x K .npy; repeatable: --wise-ft 0.5=wise-0.5.npy',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--sweep [alphas]', 'output-ensemble sweep: 0, 0.1, ..., 1, or a comma-separated list of alphas')
    .option(
      '--zero-shot-temperature <T>',
      'temperature of the zero-shot logits in debiased zero-shot and GLA (default: the one recorded in the prior file, else 1)',
    )
    .option('--fine-tuned-temperature <T>', 'temperature of the fine-tuned logits in GLA (default: 1)')
    .option('--per-class <file>', 'also write per-class accuracies of every method as CSV')
    .option('--format <format>', 'json, md, csv or tex (default: from the --out extension)')
    .option('--threads <n>', 'worker threads (default: every core; the result does not depend on it)')
    .option(
      '--chunk-rows <n>',
      'rows read and scored at a time from logits files over 64 MiB (default: 256 per worker lane; float16 files: 16 MiB chunks)',
    )
    .requiredOption('--out <file>', 'output file (.json, .md, .csv or .tex), or - for stdout')
    .action(async (options) => {
      await (await import('./commands/evaluate.js')).evaluateCommand(options, log);
    });

  program
    .command('demo')
    .description(
      'the embedded default: gla run on configs/demo/*.yaml (a simulated foundation world, not CLIP), then gla report',
    )
    .option('--out <dir>', 'output folder (default results/demo; replaced as a whole when the run succeeds)')
    .option('--cache <dir>', 'stage cache shared by the runs (default results/.demo-cache); a rerun resumes from it')
    .option('--jobs <n>', 'stages at once and worker threads (default: every core; results do not depend on it)')
    .action(async (options) => {
      await (await import('./commands/demo.js')).demoCommand(options, log);
    });

  program
    .command('run')
    .description(
      'run a paper experiment (configs/imagenet, configs/few-shot, configs/long-tail) with caching at every stage',
    )
    .argument('<config>', 'YAML experiment config')
    .option(
      '--dry-run',
      'print the plan: stages by kind and dataset, what is cached, would run or is missing (exit code 3 when blocked)',
    )
    .option('--verbose', 'with --dry-run: one line per stage and every missing input')
    .option('--shard <i/n>', 'extract only shard i of n of every feature set (join them with gla merge-cache)')
    .option('--run-id <id>', 'run folder name under results/<experiment>/ (default: time and config hash)')
    .option('--cache <dir>', "cache root (default: the config's cacheDir)")
    .option('--device <name>', "cpu or cuda: overrides the config's runtime.executionProvider")
    .option('--jobs <n>', 'stages at once and worker threads (default: every core; results do not depend on it)')
    .action(async (config: string, options) => {
      await (await import('./commands/run.js')).runCommand(config, options, log);
    });

  program
    .command('report')
    .description(
      'paper-layout tables (Markdown, CSV, LaTeX), the paper numbers where known, differences and plots from run folders',
    )
    .argument('<runs...>', 'run folders written by gla run (results/<experiment>/<run-id>)')
    .option('--out <dir>', 'output folder', 'results/report')
    .option('--paper-reference <file>', 'paper numbers (default: the one each run recorded)')
    .option('--force', 'replace an existing --out folder that gla report did not write')
    .action(async (runs: string[], options) => {
      await (await import('./commands/report.js')).reportCommand(runs, options, log);
    });

  program
    .command('merge-cache')
    .description('join feature shards from gla run --shard i/n (several machines) into complete feature caches')
    .argument('<dirs...>', 'cache folders holding the shards')
    .requiredOption('--out <dir>', 'cache root receiving the joined features')
    .action(async (dirs: string[], options) => {
      await (await import('./commands/merge-cache.js')).mergeCacheCommand(dirs, options, log);
    });

  program
    .command('bench')
    .description(
      'ImageNet-scale benchmarks on generated inputs (prior estimation, evaluation, linear heads, feature extraction, CLI start-up); writes results/bench/<date>.json and .md',
    )
    .option('--quick', 'tiny sizes (seconds): checks that everything runs, judges no target')
    .option('--only <sections>', 'comma-separated: kernels, prior, evaluate, head, features, cli, demo')
    .option('--out <dir>', 'output folder', 'results/bench')
    .action(async (options) => {
      await (await import('./commands/bench.js')).benchCommand(options, log);
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
      await (await import('./commands/merge.js')).mergeCommand(options, log);
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
      await (await import('./commands/zeroshot-head.js')).zeroShotHeadCommand(options, log);
    });

  program
    .command('features')
    .description(
      'embed images with the image tower of an ONNX export, as gla run does: features.npy, labels.npy, classnames.json, features.json',
    )
    .requiredOption('--model <file>', 'model.json of the export (see packages/models/manifests)')
    .option('--images <dir>', 'image folder; class subfolders (sorted) give the labels')
    .option('--coop-split <file>', 'a CoOp split file (split_zhou_<Name>.json) instead of a folder')
    .option('--list <file>', "a split list, '<relative path> <label>' per line (ImageNet-LT, Places-LT)")
    .option('--classnames <file>', 'with --list: JSON array of class names in label order')
    .option('--part <name>', 'train, val or test part of the CoOp split', 'test')
    .option('--image-root <dir>', "folder the split's paths start from (default: the split file's folder)")
    .option('--out <dir>', 'output folder')
    .option('--cache <dir>', 'cache root (resumable; shared with gla run)', 'cache')
    .option('--shard <i/n>', 'embed only shard i of n into the cache (join with gla merge-cache)')
    .option('--batch-size <n>', 'images per ONNX call', '32')
    .option('--concurrency <n>', 'images preprocessed in parallel', '4')
    .option('--dtype <type>', 'float32 or float16 cache storage', 'float32')
    .option('--resampler <name>', 'pil (Pillow-exact) or sharp (faster)', 'pil')
    .option('--device <name>', 'cpu or cuda: onnxruntime execution provider (cuda: README, GPU feature extraction)')
    .action(async (options) => {
      await (await import('./commands/features.js')).featuresCommand(options, log);
    });

  program
    .command('logits')
    .description(
      'logits of a head on image features (scale * cosine: zero-shot logits), or of an ONNX classifier on images',
    )
    .option('--features <file>', 'N x D features .npy (gla features), with --head')
    .option('--head <file>', 'K x D head .npy (gla zeroshot-head), with --features')
    .option('--scale <s>', "logit scale (default: the export's, recorded in features.json; else 100)")
    .option('--classifier <file>', 'an end-to-end classifier .onnx (pixels in, logits out) to run on images instead')
    .option('--classifier-input <name>', "the classifier's input name (default: pixel_values)")
    .option('--classifier-output <name>', "the classifier's output name (default: logits)")
    .option('--model <file>', 'with --classifier: model.json of the CLIP export it was fine-tuned from (preprocessing)')
    .option('--images <dir>', 'with --classifier: image folder')
    .option('--coop-split <file>', 'with --classifier: a CoOp split file instead of a folder')
    .option('--list <file>', "a split list, '<relative path> <label>' per line (ImageNet-LT, Places-LT)")
    .option('--classnames <file>', 'with --list: JSON array of class names in label order')
    .option('--part <name>', 'train, val or test part of the CoOp split', 'test')
    .option('--image-root <dir>', "folder the split's paths start from (default: the split file's folder)")
    .option('--cache <dir>', 'cache root of the classifier outputs (shared with gla run)', 'cache')
    .option('--batch-size <n>', 'images per ONNX call', '32')
    .option('--concurrency <n>', 'images preprocessed in parallel', '4')
    .option('--resampler <name>', 'pil (Pillow-exact) or sharp (faster)', 'pil')
    .option('--device <name>', 'cpu or cuda: onnxruntime execution provider (cuda: README, GPU feature extraction)')
    .requiredOption('--out <file>', 'output .npy (N x K float32), with a .json beside it')
    .action(async (options) => {
      await (await import('./commands/logits.js')).logitsCommand(options, log);
    });

  deferMandatoryOptions(program);
  return program;
}

/**
 * Commander checks required options before unknown ones, so a mistyped `--logit` was reported as a missing
 * `--logits`. The required flags are checked here instead, in a pre-action hook that runs after the unknown-option
 * check (which suggests the closest known flag).
 */
function deferMandatoryOptions(program: Command): void {
  for (const command of program.commands) {
    const required: Option[] = command.options.filter((o) => o.mandatory);
    for (const option of required) option.mandatory = false;
    command.hook('preAction', (self) => {
      const values = self.opts();
      const missing = required.find((o) => values[o.attributeName()] === undefined);
      if (missing) {
        self.error(`error: required option '${missing.flags}' not specified`, {
          exitCode: 2,
          code: 'commander.missingMandatoryOptionValue',
        });
      }
    });
  }
}

/** The version in the cli package's package.json (a small synchronous read; no package code is loaded). */
function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}
