import type { ReliabilityArea } from './catalogue-types.js';

const oneLine = (problem: string) =>
  `exit code 2, stderr exactly one line \`gla: <file>: ${problem}\`, empty stdout, no output file`;

/** The built `gla` in a real child process (`node packages/cli/dist/bin.js`). */
export const processArea: ReliabilityArea = {
  title: 'gla as a process',
  file: 'cli-process.test.ts',
  cases: [
    {
      id: 'cli.process-truncated-npy',
      case: 'estimate-prior with a truncated .npy',
      expected: oneLine('truncated data (...)'),
    },
    {
      id: 'cli.process-nan',
      case: 'evaluate with NaN in the fine-tuned logits',
      expected: oneLine('non-finite value NaN at row 1, column 1'),
    },
    {
      id: 'cli.process-label-range',
      case: 'estimate-prior with a label equal to K',
      expected: oneLine('label 3 at index 4 is outside [0, 3)'),
    },
    {
      id: 'cli.process-bad-config',
      case: 'gla run on a demo config (configs/demo/few-shot.yaml) with an unknown key',
      expected: `${oneLine('seedz: unknown key')}; no results folder`,
    },
    {
      id: 'cli.process-unwritable-out',
      case: 'estimate-prior with `--out` under a regular file',
      expected: oneLine('cannot write (ENOTDIR: ...)'),
    },
    {
      id: 'cli.process-success',
      case: 'estimate-prior on good input',
      expected:
        'exit code 0, stderr exactly the one-line solver summary and `wrote <out>`, empty stdout (stdout stays clean for pipes)',
    },
  ],
};

/** The same inputs give the same bytes: twice in a row, and on any number of worker threads. */
export const determinismArea: ReliabilityArea = {
  title: 'determinism',
  file: 'determinism.test.ts',
  cases: [
    {
      id: 'det.estimate-prior-twice',
      case: '`gla estimate-prior` twice (exact solver with --temperature auto; paper solver)',
      expected: 'byte-identical JSON',
    },
    {
      id: 'det.evaluate-twice',
      case: '`gla evaluate` twice (json, md, csv; with --train-labels)',
      expected: 'byte-identical files',
    },
    {
      id: 'det.demo-twice',
      case: 'the demo twice on a small simulated world (configs/demo/*.yaml with world overrides), each with its own cache',
      expected: 'every output file (results.json, tables, SVG, PNG, report) byte-identical',
    },
    {
      id: 'det.prior-threads',
      case: '`estimatePriorExactParallel` on 1, 2 and 4 worker threads',
      expected: 'byte-identical prior (Float64 bytes); same iterations, passes, objective and certificate',
    },
    {
      id: 'det.evaluate-threads',
      case: '`evaluateRun` (every method and an alpha sweep) on 1, 2 and 4 threads',
      expected: 'identical metrics (compared as JSON text)',
    },
  ],
};
