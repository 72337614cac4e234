import { Command } from 'commander';
import { estimatePriorCommand } from './commands/estimate-prior.js';
import { evaluateCommand } from './commands/evaluate.js';
import { demoCommand } from './commands/demo.js';

/** Where commands write their notes (stderr by default, so stdout stays clean for pipes). */
export type Log = (line: string) => void;

/** Builds the `gla` command line. */
export function buildProgram(log: Log): Command {
  const program = new Command('gla')
    .description('Generalized Logit Adjustment (GLA, NeurIPS 2023): estimate the pre-training prior of a zero-shot model and ensemble it with a fine-tuned one')
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
    .option('--train-labels <file>', 'fine-tuning labels; their frequencies give the downstream prior pi_s (default uniform)')
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
    .description('the embedded default: GLA end to end on a simulated foundation world (not CLIP); tables, plots and a report')
    .option('--config <file>', 'YAML config (keys as in configs/demo.yaml)')
    .option('--world <preset>', "simulated world preset: 'default' or 'imagenet-sized'")
    .option('--seed <n>', 'world seed')
    .option('--out <dir>', 'output folder (replaced as a whole when the run succeeds)')
    .action(async (options) => {
      await demoCommand(options, log);
    });

  return program;
}
