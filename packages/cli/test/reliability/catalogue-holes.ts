import { CLEAN_FAILURE, type ReliabilityArea } from './catalogue-types.js';

// Issue #14: bad input that still gave numbers (exit 0 with wrong results, hangs, exit 1 without the file named),
// and what an attack on every file and numeric value of the CLI found beyond it.
const refused = (problem: string) => `${CLEAN_FAILURE}: ${problem}`;

/** `gla run`: row counts, its results and cache folders, huge inputs, stray temp files, the config file itself. */
export const runChecksArea: ReliabilityArea = {
  title: 'gla run checks',
  file: 'run-checks.test.ts',
  cases: [
    {
      id: 'runcheck.zero-shot-rows',
      case: 'logits mode with zero-shot test logits of 39 and of 41 rows for 40 labels',
      expected:
        'exit 2, last line `gla: logits from models.zeroShot.files.test = <file>: 39 rows, but <labels file> has 40 labels` (41 likewise); no metrics.json',
    },
    {
      id: 'runcheck.empty-split',
      case: 'logits mode with an empty test split: labels of shape (0,), zero-shot and fine-tuned test logits of shape (0, 4)',
      expected:
        'exit 2, last line `gla: <file>: empty array (...files.test = ...)` naming one of the empty files; no metrics.json (0 / 0 would have been NaN, written as null)',
    },
    {
      id: 'runcheck.results-under-file',
      case: '`resultsDir` under a regular file',
      expected:
        'exit 2, one line `<run folder>: cannot write the results folder (ENOTDIR: <file> is a file, not a folder)`, before any stage (no cache folder created)',
    },
    {
      id: 'runcheck.cache-under-file',
      case: '`--cache` under a regular file (full run and `--shard 1/2`)',
      expected:
        'exit 2, one line `<cache>: cannot write the cache folder (ENOTDIR: <file> is a file, not a folder)`, before any stage; no results folder',
    },
    {
      id: 'runcheck.results-read-only',
      case: '`resultsDir` on read-only storage (read-only tmpfs as root, mode 555 otherwise)',
      expected:
        'exit 2, one line `<run folder>: cannot write the results folder (EROFS: <dir> is on a read-only file system)` (EACCES ... not writable without root), before any stage',
    },
    {
      id: 'runcheck.cache-read-only',
      case: 'an empty cache folder on read-only storage (read-only tmpfs as root, mode 555 otherwise)',
      expected:
        'exit 2, one line `<cache>: cannot write the cache folder (EROFS: read-only file system; N stage(s) must be computed and stored)`, before any stage runs; a complete cache there would be used as it is',
    },
    {
      id: 'runcheck.full-disk',
      case: 'the cache on a full 64 KiB tmpfs (the prior stage cannot be stored)',
      expected:
        'exit 2, last line `gla: <cache folder>: cannot write the output (ENOSPC: no space left on the device)`, naming a folder, not a temp file; no metrics.json; no temp file left in the cache',
    },
    {
      id: 'runcheck.huge-logits',
      case: 'a 2 GiB + 1 byte (sparse) file as the zero-shot test logits',
      expected:
        'exit 2, last line `gla: <file>: 2.00 GiB, over the 2 GiB limit of whole-file reads (2147483647 bytes); ...`; no metrics.json',
    },
    {
      id: 'runcheck.stray-temp-files',
      case: 'a stage-cache temp file left by a killed run (2 minutes old) and one being written now, then a successful run',
      expected:
        'exit 0; the old temp file is removed (logged `removed 1 temporary file(s) ...`), the fresh one (a concurrent writer) is kept',
    },
    {
      id: 'runcheck.damaged-cache',
      case: 'a cached prior cut in half, a cached prior with null (NaN) in q, a cached evaluation with a null top-1 and one without methods, each followed by a rerun',
      expected:
        "exit 0; the line `cache entry <path> is damaged (...); recomputing`; the entry is recomputed and rewritten, and the metrics equal the first run's (never a null or exit 1)",
    },
    {
      id: 'runcheck.input-not-regular',
      case: 'a folder as the zero-shot test logits, then a FIFO as the fine-tuned test logits (`gla run`, and `--dry-run`)',
      expected:
        'exit 2, last line `gla: <path>: is a folder, not a file (models.zeroShot.files.test = ...)` / `not a regular file (a pipe or device; ...)`, never "file not found" or a hang; the dry run lists the same reason',
    },
    {
      id: 'runcheck.config-folder',
      case: 'a folder as the config (`gla run <dir>`)',
      expected: refused('is a folder, not a file'),
    },
    {
      id: 'runcheck.config-fifo',
      case: 'a FIFO with no writer as the config of `gla run`',
      expected:
        refused('a FIFO with no writer (nothing to read after 0.3 s)') + ' (GLA_READ_TIMEOUT_MS=300), never a hang',
    },
  ],
};

/** Numeric flags and values at their boundaries: 0, negative, NaN, Infinity, huge, tiny. */
export const numericArea: ReliabilityArea = {
  title: 'numeric flags and values',
  file: 'numeric-input.test.ts',
  cases: [
    {
      id: 'numeric.evaluate-temperatures',
      case: '`--zero-shot-temperature` -1, 0, NaN, Infinity and `--fine-tuned-temperature` 0, -1e-300 (evaluate)',
      expected: refused('`--zero-shot-temperature: must be a finite number > 0, got -1`'),
    },
    {
      id: 'numeric.estimate-temperature',
      case: '`--temperature` 0, -1, NaN, Infinity (estimate-prior)',
      expected: refused('`--temperature: expected none, auto or a positive number, got ...`'),
    },
    {
      id: 'numeric.tiny-temperature',
      case: '`--temperature 1e-6` with the exact solver',
      expected: refused(
        '`<logits>: logits divided by the temperature span S in row r, more than the 700 the prior estimate can represent in doubles ...`; never a prior of null',
      ),
    },
    {
      id: 'numeric.huge-logits',
      case: 'logits of magnitude 3e5 (float32) and 1e300 (float64), exact solver; and 3e5 with the paper solver',
      expected:
        'exact: clean failure (span ... more than the 700 ...); paper: exit 0 with a finite prior > 0 summing to 1 (its SGD works on q, not log q)',
    },
    {
      id: 'numeric.huge-evaluate-logits',
      case: 'evaluate with float64 logits of magnitude 1.5e308, and with `--zero-shot-temperature 1e-301` on logits of magnitude 1',
      expected: refused(
        '`<file>: the logit at row r, column c has magnitude M after dividing by the temperature, beyond 1e+300: sums of logits would overflow`',
      ),
    },
    {
      id: 'numeric.huge-prior',
      case: 'a prior of equal entries 1e308 (its sum overflows)',
      expected:
        'exit 0; note `<file> sums to more than the largest double; renormalised to 1`; every metric identical to the uniform prior',
    },
    {
      id: 'numeric.extreme-prior-ratio',
      case: 'a prior [1, 1e-300, 1e300] (normalised, the small entry underflows to 0)',
      expected:
        'exit 0; debiasing works in log space: the debiased zero-shot model predicts class 1 everywhere, so its top-1 is the share of class-1 labels; every metric finite',
    },
    {
      id: 'numeric.threads-capped',
      case: '`--threads 128` on 6 rows; `--threads` 0, -1, 1.5, NaN',
      expected:
        '128: exit 0, note `--threads 128 capped at 1 (...)`, prior byte-identical to `--threads 1`; the others: clean failure `--threads: expected a positive integer`',
    },
    {
      id: 'numeric.tolerance',
      case: '`--tolerance` 0, -1, NaN, Infinity; and 1, 1e300 (the certificate is below 1 before any step)',
      expected: refused(
        '`--tolerance: expected a number, got ...`; 1 and 1e300: `--tolerance: expected a number in (0, 1) ...` (they returned the uniform start marked converged)',
      ),
    },
    {
      id: 'numeric.alpha',
      case: '`--alpha` NaN, -0.1, 1.1, Infinity; and the boundaries 0 and 1 (evaluate)',
      expected:
        'clean failure for the first four; 0 and 1: exit 0, the output ensemble equals the zero-shot and the fine-tuned model',
    },
    {
      id: 'numeric.prior-file-temperature',
      case: 'a prior JSON recording `temperature` 0, -1 or null',
      expected: refused('`<file>: temperature must be a finite number > 0, got 0`'),
    },
    {
      id: 'numeric.iterations-cap',
      case: "paper-solver iterations 1e12 (`prior.paperIterations` of a paper config, the demo's configs included)",
      expected:
        'exit 2, one stderr line naming the config file and the key (`... expected number to be <=1000000`); nothing run (it would run for years)',
    },
    {
      id: 'numeric.linear-head-diverges',
      case: 'a linear head trained by SGD with learning rate 1e300, or weight decay 1e300 (core `trainLinearHead`, as `gla run` heads are)',
      expected:
        'InputError `linear head: training diverged (...) with optimizer sgd, learning rate 1e+300, ...; lower the learning rate or the weight decay`, never a head of NaN',
    },
    {
      id: 'numeric.blank-or-hex',
      case: "a blank, a space-padded or a hexadecimal value: `--alpha ''`, `--alpha 0x1`, `--seed ''`, `--threads ' 2'`, `--tolerance ''`, `gla merge --alpha ''`",
      expected: refused(
        "`<flag>: expected a number, got ''` (JavaScript's Number('') is 0 and Number('0x1') is 1: they passed as alpha 0 and seed 0)",
      ),
    },
  ],
};

/** What kind of file a path names: pipes, devices, links, huge or unreadable files, wrong dtypes, outputs. */
export const fileKindArea: ReliabilityArea = {
  title: 'file kinds',
  file: 'file-kinds.test.ts',
  cases: [
    {
      id: 'files.fifo-no-writer',
      case: 'a FIFO with no writer as `--logits` and `--prior`',
      expected:
        refused('a FIFO with no writer (nothing to read after 0.3 s)') + ' (GLA_READ_TIMEOUT_MS=300), never a hang',
    },
    {
      id: 'files.fifo-with-writer',
      case: 'a FIFO fed by a writer process (as `<(cat z.npy)`) as `--logits`; and one whose writer connects at once but sends its data only after 2.5 s, longer than the no-writer timeout (2 s here)',
      expected: 'exit 0 both times; the prior equals the one from the regular file (a connected writer is waited for)',
    },
    {
      id: 'files.char-device',
      case: '/dev/zero as `--logits` (a read would never end)',
      expected: refused('not a regular file (character device)'),
    },
    {
      id: 'files.symlink-loop',
      case: 'a symbolic link loop as `--labels`',
      expected: refused('cannot read (ELOOP: symbolic link loop)'),
    },
    {
      id: 'files.unreadable',
      case: 'a logits file with mode 000 (not root)',
      expected: refused('cannot read (EACCES)'),
    },
    {
      id: 'files.over-2gib',
      case: 'a 2 GiB + 1 byte (sparse) file as `--logits` (estimate-prior)',
      expected: refused('2.00 GiB, over the 2 GiB limit of whole-file reads (2147483647 bytes); ...') + ', at once',
    },
    {
      id: 'files.bool-prior',
      case: 'a bool `.npy` (all True) and an int32 `.npy` as `--prior`',
      expected: refused('a .npy prior must be float32 or float64, got |b1') + ' (never read as a uniform prior)',
    },
    {
      id: 'files.out-is-input',
      case: '`--out` equal to `--logits` (estimate-prior), to `--prior` (evaluate), and a symbolic link to `--prior`',
      expected: `${refused('--out is the --prior input; it would be overwritten')}; the input is byte-for-byte unchanged`,
    },
    {
      id: 'files.model-commands',
      case: '`gla merge --out` equal to `--zero-shot`; `gla zeroshot-head` with `--out` equal to `--classnames`, and with a folder or a FIFO with no writer as `--classnames`',
      expected: `${refused('--out is the --zero-shot input; it would be overwritten')} (the model is untouched); the folder: \`is a folder, not a file\`; the FIFO: \`a FIFO with no writer ...\``,
    },
    {
      id: 'files.output-folder-is-file',
      case: '`gla report --out` and `gla merge-cache --out` naming a regular file, or a folder under one',
      expected:
        refused('`<out>: cannot write (ENOTDIR: <file> is a file, not a folder)`') +
        ', before any run is read (was exit 1, EEXIST)',
    },
  ],
};

/** No command writes NaN, null or Infinity into a result or a prior. */
export const resultScanArea: ReliabilityArea = {
  title: 'results hold only numbers',
  file: 'result-scan.test.ts',
  cases: [
    {
      id: 'scan.command-outputs',
      case: 'every command of the catalogue that succeeds (estimate-prior: exact, paper, auto temperature, a missing class, `--threads 64`; evaluate: json, md, csv, train labels, estimated, unnormalised and 1e308 priors; gla run in logits mode: metrics, tables, log), outputs scanned',
      expected:
        'no `NaN` or `Infinity` anywhere; no `null` in estimate-prior and evaluate JSON; in `gla run` outputs `null` only where the config has no WiSE-FT model, for the absent paper reference, and in table cells printed n/a',
    },
    {
      id: 'scan.empty-groups',
      case: 'evaluate on 2 classes (the head and medium thirds hold no class) and on test labels all of one class',
      expected: 'exit 0; `head` and `tail` left out (never null), `undefinedMetrics` says why; Markdown shows n/a',
    },
    {
      id: 'scan.committed-demo',
      case: 'the committed reference demo output (`results/demo/`: JSON, Markdown, CSV, LaTeX, HTML)',
      expected:
        'no `NaN` or `Infinity`; `null` only for table cells shown as n/a (the q certificate of a row that removes no q, the true prior row of the prior-recovery table) and Vega-Lite `title`/`legend`',
    },
  ],
};
