import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect } from 'vitest';
import { reliabilityCase } from './reliability-case.js';
import { tempDir } from './helpers/temp-dirs.js';
import { writeBytes, writeNpy } from './helpers/npy-bytes.js';
import { runGla } from './helpers/run-gla.js';
import { logitsRun } from './helpers/logits-run.js';
import { filesUnder, scanOutput, type NullAt } from './helpers/scan-outputs.js';

// No command writes NaN, null or Infinity into a result or a prior: the outputs of every succeeding command of
// the catalogue are scanned (JSON writes NaN and Infinity as null, so nulls are suspects too).
const dir = tempDir();
const k = 3;
const labels = writeNpy(dir, 'y.npy', new Int32Array([0, 1, 2, 0, 1, 2, 0, 1, 2]), [9]);
const missingClass = writeNpy(dir, 'y-missing.npy', new Int32Array([0, 1, 0, 1, 0, 1, 0, 1, 0]), [9]);
const zs = writeNpy(
  dir,
  'zs.npy',
  Float32Array.from({ length: 27 }, (_, i) => 3 * Math.sin(i)),
  [9, k],
);
const ft = writeNpy(
  dir,
  'ft.npy',
  Float32Array.from({ length: 27 }, (_, i) => Math.cos(2 * i) + (i % k === Math.floor(i / k) % k ? 1 : 0)),
  [9, k],
);
const prior = writeBytes(dir, 'prior.json', JSON.stringify([0.5, 0.3, 0.2]));
const out = (name: string) => join(dir, name);

async function succeed(args: string[]): Promise<void> {
  const { code, lines } = await runGla(args);
  expect(code, `gla ${args.join(' ')}\n${lines.join('\n')}`).toBe(0);
}

const estimate = (name: string, extra: string[] = [], y = labels) =>
  succeed(['estimate-prior', '--logits', zs, '--labels', y, '--out', out(name), ...extra]);
const evaluate = (name: string, extra: string[] = [], q = prior) =>
  succeed([
    'evaluate',
    '--labels',
    labels,
    '--zero-shot',
    zs,
    '--fine-tuned',
    ft,
    '--prior',
    q,
    '--out',
    out(name),
    ...extra,
  ]);

/** Nulls `gla run` writes on purpose: unknown paper numbers and missing models in table cells (printed n/a). */
function runNullAllowed(file: string, at: NullAt): boolean {
  if (file.endsWith('metrics.json')) return at.path === '.paperReference' || /\.wise-ft$/.test(at.path); // this config has no WiSE-FT model
  return /^\.rows\[\d+\]\.[^.[]+$/.test(at.path); // a table cell: n/a (no model, no paper number)
}

describe('results hold only numbers', () => {
  reliabilityCase(
    'scan.command-outputs',
    async () => {
      await estimate('prior-exact.json');
      await estimate('prior-paper.json', ['--solver', 'paper']);
      await estimate('prior-auto.json', ['--temperature', 'auto']);
      await estimate('prior-missing.json', [], missingClass);
      await estimate('prior-threads.json', ['--threads', '64']);
      await evaluate('metrics.json', ['--train-labels', labels]);
      await evaluate('metrics.md', ['--format', 'md']);
      await evaluate('metrics.csv', ['--format', 'csv', '--alpha', '0']);
      await evaluate('metrics-estimated.json', [], out('prior-exact.json'));
      await evaluate('metrics-paper.json', [], out('prior-paper.json'));
      await evaluate('metrics-unnormalised.json', [], writeBytes(dir, 'p08.json', '[0.4, 0.24, 0.16]'));
      await evaluate('metrics-huge.json', [], writeBytes(dir, 'p308.json', '[1e308, 1e308, 1e308]'));
      const names = [
        'prior-exact.json',
        'prior-paper.json',
        'prior-auto.json',
        'prior-missing.json',
        'prior-threads.json',
        'metrics.json',
        'metrics.md',
        'metrics.csv',
        'metrics-estimated.json',
        'metrics-paper.json',
        'metrics-unnormalised.json',
        'metrics-huge.json',
      ];
      const problems = names.flatMap((name) => scanOutput(out(name)));

      const run = logitsRun(join(dir, 'run'));
      run.writeInputs();
      await succeed(['run', run.writeConfig(run.base), '--run-id', 'scan']);
      const runDir = run.f('results/reliability-few-shot/scan');
      const runFiles = filesUnder(runDir);
      expect(runFiles.some((f) => f.endsWith('metrics.json'))).toBe(true);
      problems.push(...runFiles.flatMap((file) => scanOutput(file, (at) => runNullAllowed(file, at))));
      expect(problems).toEqual([]);
    },
    { timeout: 60_000 },
  );

  reliabilityCase('scan.empty-groups', async () => {
    // Two classes: thirds of 2 are 0, 0 and 2 classes, so head and medium hold no class.
    const y2 = writeNpy(dir, 'y2.npy', new Int32Array([0, 1, 0, 1]), [4]);
    const z2 = writeNpy(dir, 'z2.npy', new Float32Array([2, 0, 0, 1, 1, 0, 1, 2]), [4, 2]);
    const q2 = writeBytes(dir, 'q2.json', '[0.6, 0.4]');
    await succeed([
      'evaluate',
      '--labels',
      y2,
      '--zero-shot',
      z2,
      '--fine-tuned',
      z2,
      '--prior',
      q2,
      '--out',
      out('two.json'),
    ]);
    const two = JSON.parse(readFileSync(out('two.json'), 'utf8'));
    expect(Object.keys(two.undefinedMetrics).sort()).toEqual(['head', 'medium']);
    expect(Object.keys(two.methods.gla).sort()).toEqual(['ece', 'meanPerClass', 'tail', 'top1']);
    // Tail is every class here: its accuracy is top-1 (zero-shot argmax: 0, 1, 0, 1 against 0, 1, 0, 1).
    expect(two.methods['zero-shot'].tail).toBe(1);
    expect(scanOutput(out('two.json'))).toEqual([]);

    // Three classes, every test label 0: class 0 (largest q) is head; medium and tail have no test sample.
    const y1 = writeNpy(dir, 'y-one-class.npy', new Int32Array(9), [9]);
    await succeed([
      'evaluate',
      '--labels',
      y1,
      '--zero-shot',
      zs,
      '--fine-tuned',
      ft,
      '--prior',
      prior,
      '--out',
      out('one.md'),
      '--format',
      'md',
    ]);
    const md = readFileSync(out('one.md'), 'utf8');
    expect(md).toMatch(/\| GLA \(exact estimator\) +\| +[0-9.]+ \| +[0-9.]+ \| +n\/a \| +n\/a \|/);
    expect(scanOutput(out('one.md'))).toEqual([]);
  });

  const demoDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../results/demo');
  reliabilityCase(
    'scan.committed-demo',
    () => {
      const trueRowKeys = new Set([
        'certificate',
        'objective',
        'iterations',
        'converged',
        'rawSum',
        'medianStandardError',
        'undetermined',
      ]);
      const allowed = (file: string, at: NullAt) => {
        if (file.endsWith('.vl.json')) return /\.(title|legend)$/.test(at.path); // Vega-Lite: none drawn
        // The q-certificate column of the demo tables (added by the engine merge): n/a in a row that removes no q.
        if (/^\.rows\[\d+\]\.certificate$/.test(at.path)) return true;
        // The true prior's row of the prior-recovery table: no solver ran, so these are n/a.
        const parent = at.parent as Record<string, unknown>;
        const key = at.path.slice(at.path.lastIndexOf('.') + 1);
        return (parent.solver === 'true' || parent.solver === 'True pre-training prior') && trueRowKeys.has(key);
      };
      const files = filesUnder(demoDir);
      expect(files.length).toBeGreaterThan(10);
      expect(files.flatMap((file) => scanOutput(file, (at) => allowed(file, at)))).toEqual([]);
    },
    { skip: existsSync(demoDir) ? undefined : 'results/demo is absent (run pnpm demo)' },
  );
});
