import type { ReliabilityArea, ReliabilityCase } from './catalogue-types.js';
import { labelsArea, npyArea, priorArea } from './catalogue-inputs.js';
import { demoConfigArea, imageArea, onnxArea, paperConfigArea } from './catalogue-configs.js';
import { demoRunArea, extractionArea, outputArea } from './catalogue-runs.js';
import { determinismArea, processArea } from './catalogue-process.js';
import { fileKindArea, numericArea, resultScanArea, runChecksArea } from './catalogue-holes.js';

/**
 * The reliability catalogue (issue #8): every hardening case, what must happen, and the test that checks it.
 * The tests take their names from here (`reliabilityCase(id, ...)`), and `docs/reliability.md` is rendered from
 * here; `docs-sync.test.ts` fails when either drifts.
 */
export const AREAS: readonly ReliabilityArea[] = [
  npyArea,
  labelsArea,
  priorArea,
  demoConfigArea,
  paperConfigArea,
  imageArea,
  onnxArea,
  extractionArea,
  demoRunArea,
  outputArea,
  processArea,
  determinismArea,
  runChecksArea,
  numericArea,
  fileKindArea,
  resultScanArea,
];

/** The vitest name of a case. */
export function testName(c: ReliabilityCase): string {
  return `${c.id}: ${c.case}`;
}

/** A case and its area by id; throws for an unknown id so a typo fails at collection time. */
export function findCase(id: string): { area: ReliabilityArea; case: ReliabilityCase } {
  for (const area of AREAS) {
    const found = area.cases.find((c) => c.id === id);
    if (found) return { area, case: found };
  }
  throw new Error(`reliability catalogue has no case '${id}'`);
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** `docs/reliability.md`: the catalogue as one Markdown table, plus the notes on what cannot be tested here. */
export function renderCatalogue(): string {
  const lines = [
    '# Reliability catalogue',
    '',
    '<!-- Generated from packages/cli/test/reliability/catalogue.ts; do not edit by hand.',
    '     Regenerate: GLA_UPDATE_DOCS=1 pnpm --filter @gla/cli exec vitest run test/reliability/docs-sync.test.ts -->',
    '',
    'A research run that takes hours must never be lost to one bad file or a killed process, and must never produce a wrong',
    'number silently. Each row is one case tried by the test suite in `packages/cli/test/reliability/`; the test named in the',
    'last column asserts the expected behaviour.',
    '',
    'A **clean failure** is what bad input to `gla` always gives: exit code 2, exactly one line on stderr',
    '(`gla: <file>: <problem>`, naming the file and the problem), and no output file or temp file left behind (outputs are',
    'written atomically: temp file, then rename; the output location is checked before any work).',
    '',
    '| area | case | expected behaviour | test |',
    '| --- | --- | --- | --- |',
  ];
  for (const area of AREAS) {
    for (const c of area.cases)
      lines.push(
        `| ${cell(area.title)} | ${cell(c.case)} | ${cell(c.expected)} | \`${area.file}\` › ${cell(testName(c))} |`,
      );
  }
  lines.push('', ...NOT_TESTABLE, '');
  return lines.join('\n');
}

/** What the suite does not test, and why, and what it found outside its reach; rendered under the table. */
const NOT_TESTABLE: string[] = [
  '## Not tested here, and why',
  '',
  '- **Read-only and full disks without root.** `output.read-only` mounts a read-only tmpfs and `output.full-disk` a 64 KiB',
  '  tmpfs, which needs root and permission to mount; as a non-root user the read-only case uses a mode-555 folder instead,',
  '  and the full-disk case is skipped (its reason is in the test name). Root ignores permission bits, so chmod proves nothing',
  '  there.',
  '- **Power loss.** Atomic writes fsync the file before the rename but not the folder, so a power cut right after a rename',
  '  could lose the rename on some file systems; a killed process (SIGKILL, tested) cannot.',
  '- **Shared caches across machines.** The cache lock records host and process id; a lock held from another host (a cache',
  '  on a network disk) cannot be checked for liveness, so a run waits for it (or gives up after `lockTimeoutMs`); only',
  '  same-host runs are tested. Elsewhere than Linux (no /proc start times) a lock whose process id was reused by an',
  '  unrelated process looks alive and is waited for; only the Linux behaviour is tested.',
  '- **`gla` commands for images and ONNX models.** No `gla` command opens an image or an `.onnx` file directly (they are read',
  "  inside `gla run`'s pipeline), so those cases call the datasets and models packages' public APIs.",
  "- **Thread counts through the CLI.** Thread-count independence is tested on core's `estimatePriorExactParallel` and",
  '  `evaluateRun` directly; through the CLI only the cap of `--threads` (`numeric.threads-capped`) is.',
  '- **FIFOs.** A FIFO is read without blocking and given up after `GLA_READ_TIMEOUT_MS` (default 5 s) with nothing to',
  '  read; the tests set 0.3 s. A writer that starts later than that is refused as "no writer".',
  '- **Files over 2 GiB.** `gla evaluate` scores logits files over 64 MiB in rows (worker lanes read their own blocks),',
  '  and `gla run` trains linear heads on feature files past `GLA_FEATURE_STREAM_BYTES` block by block; inputs read whole',
  '  past 2 GiB are refused with the limit named. The tests use sparse files or small chunk sizes, so no disk is filled.',
  '- **`null` in `gla run` tables and the demo.** Table cells with no model or no known paper number are `null` in the',
  '  JSON tables and print as n/a; `scan.*` allows exactly these and fails on any other null.',
  '- **Logits that `gla estimate-prior` reads in row blocks.** float32/float64 logits (exact solver, no fitted',
  '  temperature, no bootstrap) are read by the lanes from the file, past 2 GiB too; their inode, size and modification',
  '  time are compared after every pass, and a change fails in one line (`<file>: file changed while being read ...`,',
  '  exit 2). Tested on the core pass (`file-logits-prior.test.ts`): a running command leaves no point to change it at.',
  '  A rewrite of the same size within the granularity of the file system clock (a few ms) after opening is not seen.',
  '- **Usage errors.** A missing required flag is reported by commander with the help text (several lines, exit 2); only',
  '  input errors are held to the one-line rule.',
  '- **Feature-cache manifests are not byte-identical between runs**: `manifest.json` records `createdAt`. The resume tests',
  '  compare `features.npy` byte for byte and the manifest without that field.',
  '- **A failed `gla run` keeps its run folder** (`run.log`, `environment.json`, `config.resolved.yaml`: the record of the',
  '  failure) but writes no metrics or tables; `paper.nan-logits-run` checks that no `metrics.json` appears.',
];
