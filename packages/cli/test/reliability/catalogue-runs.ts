import type { ReliabilityArea } from './catalogue-types.js';

/** Interrupted, failing and concurrent feature extraction (models' `extractFeatures` in child processes). */
export const extractionArea: ReliabilityArea = {
  title: 'feature extraction runs',
  file: 'extraction-runs.test.ts',
  cases: [
    {
      id: 'run.extract-sigkill-resume',
      case: 'SIGKILL a child process extracting 96 images (chunks of 8) after 2 chunks, then run it again',
      expected:
        "the rerun breaks the dead run's lock, resumes from the finished chunks (`resume` event, >= 16 rows reused), and the cache equals an uninterrupted run's: features.npy byte-identical, manifest.json identical but for createdAt, no partial/, lock or temp file left",
    },
    {
      id: 'run.extract-concurrent',
      case: 'two child processes extract the same images into one cache folder at the same time',
      expected:
        'both exit 0; they take turns through the lock file: one writes the cache, the other waits and then uses it (`hit`); the cache equals the reference byte for byte',
    },
    {
      id: 'run.extract-lock-timeout',
      case: 'the cache lock is held by a live process and the run has `lockTimeoutMs: 300`',
      expected:
        'a `wait` event, then ModelError `CACHE_LOCKED`: `<cache>/.lock: feature cache is still being written by process P on H; gave up waiting ...`; the live lock is never broken, nothing written',
    },
    {
      id: 'run.extract-reused-pid-lock',
      case: 'a lock whose process id now belongs to another live process (start time differs; Linux /proc)',
      expected:
        'recognised as stale and broken without waiting; the extraction completes byte-identical to the reference',
    },
    {
      id: 'run.extract-unwritable-cache',
      case: 'cache folder under a regular file',
      expected:
        'ModelError `CACHE_UNWRITABLE`: `<cache>: cannot write the feature cache folder (ENOTDIR)`, before any image is read',
    },
    {
      id: 'run.extract-read-only-cache',
      case: 'a finished cache on read-only storage (read-only tmpfs as root, mode 555 otherwise)',
      expected:
        'used as it is: `hit`, fromCache, features equal to the reference; no lock is needed where nothing can be written',
    },
    {
      id: 'run.extract-bad-image-resume',
      case: 'a truncated image at position 50 of 96, then the file is replaced and the run repeated',
      expected:
        'the run stops with the ImageError naming the image; the 6 chunks before it stay on disk and the lock is released; the rerun resumes those 48 rows and ends byte-identical to the reference',
    },
  ],
};

/** Interrupted multi-seed experiments: the demo (gla run on configs/demo/*.yaml, then gla report) in a child process. */
export const demoRunArea: ReliabilityArea = {
  title: 'experiment runs',
  file: 'demo-runs.test.ts',
  cases: [
    {
      id: 'run.demo-sigkill-resume',
      case: 'SIGKILL the demo (12 few-shot (shots, seed) runs) once its stage cache holds some few-shot priors; damage one cached stage file; run the demo again',
      expected:
        'no output folder exists after the kill (staging only); the rerun loads the intact stages from the cache, recomputes the damaged one and the rest, and writes every output file byte-identical to an uninterrupted run; the dead staging folder is removed',
    },
  ],
};

/** Where results go: unwritable, read-only and full locations (checked before the work where possible). */
export const outputArea: ReliabilityArea = {
  title: 'output location',
  file: 'output-location.test.ts',
  cases: [
    {
      id: 'output.parent-is-file',
      case: '`--out notes.txt/sub/out.json` (estimate-prior, evaluate)',
      expected:
        'exit 2, one line `<out>: cannot write (ENOTDIR: <notes.txt> is a file, not a folder)`, checked before reading any input',
    },
    {
      id: 'output.existing-folder',
      case: '`--out` naming an existing folder',
      expected: 'exit 2, one line `<out>: cannot write (EISDIR: the path is a folder)`',
    },
    {
      id: 'output.demo-parent-is-file',
      case: '`gla demo --out notes.txt/demo`',
      expected:
        'exit 2, one line `<out>: cannot write the output (ENOTDIR: ...)`, before the world is built (no other line)',
    },
    {
      id: 'output.read-only',
      case: 'output in a read-only folder (read-only tmpfs as root, mode 555 otherwise): estimate-prior and demo',
      expected: 'exit 2, one line naming the path with EROFS (or EACCES); nothing written',
    },
    {
      id: 'output.full-disk',
      case: 'output on a full 64 KiB tmpfs: evaluate, and the demo',
      expected:
        'evaluate: exit 2, one line `<out>: cannot write (ENOSPC)`, no partial file; demo (its stage cache elsewhere): OutputError `<out>: cannot write the output (ENOSPC: no space left on the device)` when the report cannot be written, staging folder removed, no temp file (the cached stages kept for the rerun)',
    },
    {
      id: 'output.failed-run-keeps-previous',
      case: 'a failing run (NaN logits) with the `--out` of an earlier good run',
      expected: 'exit 2; the earlier file is byte-for-byte unchanged; no temp file',
    },
  ],
};
