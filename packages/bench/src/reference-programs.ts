import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What an in-run reference program measured, or why it did not run. */
export interface ReferenceOutcome {
  /** Seconds per job (keys as the program prints them), absent when skipped. */
  seconds?: Record<string, number>;
  /** Extra figures the program printed (threads, loss). */
  extra?: Record<string, number>;
  /** The reference's tool version, when known. */
  version?: string;
  /** Why the reference did not run (no compiler, no NumPy, a failure), printed in the report. */
  skipped?: string;
}

/** packages/bench/reference, beside both src/ and dist/. */
const REFERENCE_DIR = fileURLToPath(new URL('../reference/', import.meta.url));

function parseOutput(stdout: string): ReferenceOutcome {
  const parsed = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, number>;
  const { prior, evaluate, checks, ...extra } = parsed;
  return { seconds: { prior, evaluate, ...(checks !== undefined ? { checks } : {}) }, extra };
}

/**
 * Compiles reference/kernels.c with the system C compiler (`cc`; -O3 -march=native -ffast-math, OpenMP when the
 * compiler has it) into `workDir` and runs it on the given files with `threads` OpenMP threads. Skipped, with the
 * reason, when there is no compiler or the build fails.
 */
export function runCReference(workDir: string, args: string[], threads: number): ReferenceOutcome {
  const probe = spawnSync('cc', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return { skipped: 'no C compiler (`cc`) on this machine' };
  const source = join(REFERENCE_DIR, 'kernels.c');
  const binary = join(workDir, 'kernels-reference');
  const base = ['-O3', '-march=native', '-ffast-math', '-o', binary, source, '-lm'];
  let build = spawnSync('cc', ['-fopenmp', ...base], { encoding: 'utf8' });
  if (build.status !== 0) build = spawnSync('cc', base, { encoding: 'utf8' });
  if (build.status !== 0 || !existsSync(binary))
    return { skipped: `C reference did not compile: ${(build.stderr ?? '').split('\n')[0]}` };
  const run = spawnSync(binary, args, {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: String(threads) },
  });
  if (run.status !== 0) return { skipped: `C reference failed: ${(run.stderr ?? '').split('\n')[0]}` };
  return { ...parseOutput(run.stdout), version: probe.stdout.split('\n')[0] };
}

/**
 * The first Python that imports `modules`, with what it printed: `$GLA_PYTHON` when set, else `python3` on the
 * PATH, else the system's `/usr/bin/python3` (a pyenv or venv `python3` often lacks Pillow that Debian's has).
 */
export function findPython(modules: string, print: string): { python: string; version: string } | undefined {
  const candidates = process.env.GLA_PYTHON ? [process.env.GLA_PYTHON] : ['python3', '/usr/bin/python3'];
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', `import ${modules}; print(${print})`], { encoding: 'utf8' });
    if (!probe.error && probe.status === 0) return { python, version: probe.stdout.trim() };
  }
  return undefined;
}

/** Runs reference/kernels.py with python3 when NumPy imports; skipped with the reason otherwise. */
export function runNumpyReference(args: string[]): ReferenceOutcome {
  const found = findPython('numpy', 'numpy.__version__');
  if (!found) return { skipped: 'no python3 with NumPy on this machine' };
  const run = spawnSync(found.python, [join(REFERENCE_DIR, 'kernels.py'), ...args], { encoding: 'utf8' });
  if (run.status !== 0) return { skipped: `NumPy reference failed: ${(run.stderr ?? '').trim().split('\n').pop()}` };
  const outcome = parseOutput(run.stdout);
  return { ...outcome, version: `NumPy ${found.version}` };
}

/**
 * Runs reference/preprocess.py (Pillow's CLIP transform, one thread) on `paths` when python3 has NumPy and
 * Pillow; skipped with the reason otherwise. Returns images per second.
 */
export function runPillowReference(
  size: number,
  runs: number,
  paths: string[],
): { rate?: number; name: string; skipped?: string } {
  const found = findPython('numpy, PIL', 'PIL.__version__');
  if (!found) return { name: 'Pillow', skipped: 'no python3 with Pillow and NumPy on this machine (set GLA_PYTHON)' };
  const run = spawnSync(found.python, [join(REFERENCE_DIR, 'preprocess.py'), String(size), String(runs), ...paths], {
    encoding: 'utf8',
  });
  const name = `Pillow ${found.version}, 1 thread`;
  if (run.status !== 0)
    return { name, skipped: `Pillow reference failed: ${(run.stderr ?? '').trim().split('\n').pop()}` };
  const parsed = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as { images_per_second?: number };
  return parsed.images_per_second ? { name, rate: parsed.images_per_second } : { name, skipped: 'no figure' };
}
