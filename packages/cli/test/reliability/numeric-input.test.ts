import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { reliabilityCase } from './reliability-case.js';
import { tempDir } from './helpers/temp-dirs.js';
import { writeBytes, writeNpy } from './helpers/npy-bytes.js';
import { expectCleanFailure, runGla } from './helpers/run-gla.js';
import { escapeRegExp } from './helpers/escape-regexp.js';
import { logitsRun } from './helpers/logits-run.js';
import { InputError, matrix, trainLinearHead } from '@gla/core';

// Every numeric flag and value at its boundaries, through the CLI in-process.
const dir = tempDir();
const k = 3;
const labelValues = new Int32Array([0, 1, 2, 0, 1, 2]);
const labels = writeNpy(dir, 'y.npy', labelValues, [6]);
const zsValues = Float32Array.from({ length: 18 }, (_, i) => Math.sin(i));
const logits = writeNpy(dir, 'zs.npy', zsValues, [6, k]);
const fineTuned = writeNpy(
  dir,
  'ft.npy',
  Float32Array.from({ length: 18 }, (_, i) => Math.cos(3 * i) + (i % k === Math.floor(i / k) % k ? 0.5 : 0)),
  [6, k],
);
const prior = writeBytes(dir, 'prior.json', JSON.stringify([0.5, 0.3, 0.2]));
const out = join(dir, 'out.json');
const estimate = (extra: string[], o = out, z = logits) =>
  runGla(['estimate-prior', '--logits', z, '--labels', labels, '--out', o, ...extra]);
const evaluate = (extra: string[], q = prior, o = out) =>
  runGla([
    'evaluate',
    '--labels',
    labels,
    '--zero-shot',
    logits,
    '--fine-tuned',
    fineTuned,
    '--prior',
    q,
    '--out',
    o,
    ...extra,
  ]);
const methodsOf = (file: string) => JSON.parse(readFileSync(file, 'utf8')).methods;

describe('numeric flags and values', () => {
  reliabilityCase('numeric.evaluate-temperatures', async () => {
    for (const value of ['-1', '0', 'NaN', 'Infinity']) {
      const flag = '--zero-shot-temperature';
      const r = await evaluate([flag, value]);
      expectCleanFailure(
        r,
        flag,
        new RegExp(`^gla: ${flag}: (must be a finite number > 0|expected a (positive )?number( or none)?), got`),
        [out],
      );
    }
    for (const value of ['0', '-1e-300']) {
      const flag = '--fine-tuned-temperature';
      expectCleanFailure(await evaluate([flag, value]), flag, /: must be a finite number > 0, got (0|-1e-300)$/, [out]);
    }
  });

  reliabilityCase('numeric.estimate-temperature', async () => {
    for (const value of ['0', '-1', 'NaN', 'Infinity'])
      expectCleanFailure(
        await estimate(['--temperature', value]),
        '--temperature',
        new RegExp(`^gla: --temperature: expected none, confidence, nll or a positive number, got '${value}'$`),
        [out],
      );
  });

  reliabilityCase('numeric.tiny-temperature', async () => {
    expectCleanFailure(
      await estimate(['--temperature', '1e-6']),
      logits,
      /: logits divided by the temperature span [0-9.e+]+ in row \d, more than the 700 the prior estimate can represent in doubles/,
      [out],
    );
  });

  reliabilityCase('numeric.huge-logits', async () => {
    const span = /: logits divided by the temperature span [0-9.e+]+ in row \d, more than the 700/;
    const big32 = writeNpy(
      dir,
      'big32.npy',
      Float32Array.from(zsValues, (v) => v * 3e5),
      [6, k],
    );
    expectCleanFailure(await estimate([], out, big32), big32, span, [out]);
    const big64 = writeNpy(
      dir,
      'big64.npy',
      Float64Array.from(zsValues, (v) => v * 1e300),
      [6, k],
    );
    expectCleanFailure(await estimate([], out, big64), big64, span, [out]);
    const paperOut = join(dir, 'paper-big32.json');
    const paper = await estimate(['--solver', 'paper'], paperOut, big32);
    expect(paper.code, paper.lines.join('\n')).toBe(0);
    const q: number[] = JSON.parse(readFileSync(paperOut, 'utf8')).prior;
    for (const v of q) expect(Number.isFinite(v) && v > 0, String(v)).toBe(true);
    expect(q.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });

  reliabilityCase('numeric.huge-evaluate-logits', async () => {
    const overflow =
      /: the logit at row \d, column \d has magnitude [0-9.e+]+ after dividing by the temperature, beyond 1e\+300: sums of logits would overflow$/;
    const huge = writeNpy(
      dir,
      'huge64.npy',
      Float64Array.from(zsValues, (v) => v * 1.5e308),
      [6, k],
    );
    const r = await runGla([
      'evaluate',
      '--labels',
      labels,
      '--zero-shot',
      huge,
      '--fine-tuned',
      huge,
      '--prior',
      prior,
      '--out',
      out,
    ]);
    expectCleanFailure(r, huge, overflow, [out]);
    expectCleanFailure(await evaluate(['--zero-shot-temperature', '1e-301']), logits, overflow, [out]);
  });

  reliabilityCase('numeric.huge-prior', async () => {
    const huge = writeBytes(dir, 'huge-prior.json', JSON.stringify([1e308, 1e308, 1e308]));
    const uniform = writeBytes(dir, 'uniform-prior.json', JSON.stringify([1 / 3, 1 / 3, 1 / 3]));
    const hugeOut = join(dir, 'huge-metrics.json');
    const r = await evaluate([], huge, hugeOut);
    expect(r.code, r.lines.join('\n')).toBe(0);
    expect(r.lines).toContain(
      `note: ${huge} sums to more than the largest double; renormalised to 1 (rescaling q changes no prediction)`,
    );
    const uniformOut = join(dir, 'uniform-metrics.json');
    expect((await evaluate([], uniform, uniformOut)).code).toBe(0);
    expect(methodsOf(hugeOut)).toEqual(methodsOf(uniformOut));
  });

  reliabilityCase('numeric.extreme-prior-ratio', async () => {
    const extreme = writeBytes(dir, 'extreme-prior.json', '[1, 1e-300, 1e300]');
    const extremeOut = join(dir, 'extreme-metrics.json');
    const r = await evaluate([], extreme, extremeOut);
    expect(r.code, r.lines.join('\n')).toBe(0);
    const methods = methodsOf(extremeOut);
    // -log q adds about +690 to class 1 and -690 to class 2; the logits (sines, |z| <= 1) cannot outweigh it.
    const share = labelValues.filter((y) => y === 1).length / labelValues.length;
    expect(methods['debiased-zero-shot'].top1).toBe(share);
    expect(methods.gla.top1).toBe(share);
    expect(readFileSync(extremeOut, 'utf8')).not.toMatch(/null|NaN|Infinity/);
  });

  reliabilityCase('numeric.threads-capped', async () => {
    const many = join(dir, 'threads-128.json');
    const r = await estimate(['--threads', '128'], many);
    expect(r.code, r.lines.join('\n')).toBe(0);
    expect(r.lines[0]).toMatch(/^note: --threads 128 capped at 1 \(\d+ core\(s\), 1 block\(s\) of 512 rows\)/);
    const one = join(dir, 'threads-1.json');
    expect((await estimate(['--threads', '1'], one)).code).toBe(0);
    expect(readFileSync(many).equals(readFileSync(one))).toBe(true);
    for (const value of ['0', '-1', '1.5', 'NaN'])
      expectCleanFailure(
        await estimate(['--threads', value]),
        '--threads',
        new RegExp(`^gla: --threads: expected a positive integer, got '${escapeRegExp(value)}'$`),
        [out],
      );
  });

  reliabilityCase('numeric.tolerance', async () => {
    for (const value of ['0', '-1', 'NaN', 'Infinity'])
      expectCleanFailure(
        await estimate(['--tolerance', value]),
        '--tolerance',
        new RegExp(`^gla: --tolerance: expected a number, got '${value}'$`),
        [out],
      );
    for (const value of ['1', '1e300'])
      expectCleanFailure(
        await estimate(['--tolerance', value]),
        '--tolerance',
        /^gla: --tolerance: expected a number in \(0, 1\) \(the certificate is below 1 before any step\), got 1(e\+300)?$/,
        [out],
      );
  });

  reliabilityCase('numeric.alpha', async () => {
    for (const value of ['NaN', '-0.1', '1.1', 'Infinity'])
      expectCleanFailure(await evaluate(['--alpha', value]), '--alpha', /^gla: --alpha: expected a number/, [out]);
    const at = async (alpha: string) => {
      const file = join(dir, `alpha-${alpha}.json`);
      expect((await evaluate(['--alpha', alpha], prior, file)).code).toBe(0);
      return methodsOf(file);
    };
    const zero = await at('0');
    expect(zero['output-ensemble']).toEqual(zero['zero-shot']);
    const one = await at('1');
    expect(one['output-ensemble']).toEqual(one['fine-tuned']);
  });

  reliabilityCase('numeric.prior-file-temperature', async () => {
    for (const [value, shown] of [
      [0, '0'],
      [-1, '-1'],
      [null, 'null'],
    ] as const) {
      const file = writeBytes(
        dir,
        `prior-t${shown}.json`,
        JSON.stringify({ prior: [0.5, 0.3, 0.2], temperature: value }),
      );
      expectCleanFailure(
        await evaluate([], file),
        file,
        new RegExp(`: temperature must be a finite number > 0, got ${shown}$`),
        [out],
      );
    }
  });

  reliabilityCase('numeric.blank-or-hex', async () => {
    const expectBadNumber = (r: { code: number; lines: string[] }, flag: string, value: string) => {
      expect(r.code, r.lines.join('\n')).toBe(2);
      expect(r.lines).toHaveLength(1);
      expect(r.lines[0]).toMatch(
        new RegExp(`^gla: ${flag}: expected a (number|positive integer), got '${escapeRegExp(value)}'$`),
      );
      expect(existsSync(out)).toBe(false);
    };
    for (const value of ['', ' ', '0x1', '0b1', ' 0.5'])
      expectBadNumber(await evaluate(['--alpha', value]), '--alpha', value);
    expectBadNumber(await estimate(['--threads', ' 2']), '--threads', ' 2');
    expectBadNumber(await estimate(['--tolerance', '']), '--tolerance', '');
    const model = writeBytes(dir, 'blank-alpha.onnx', 'x');
    expectBadNumber(
      await runGla(['merge', '--zero-shot', model, '--fine-tuned', model, '--alpha', '', '--out', out]),
      '--alpha',
      '',
    );
  });

  reliabilityCase('numeric.iterations-cap', async () => {
    const run = logitsRun(join(dir, 'iterations'));
    run.writeInputs();
    const paperConfig = run.writeConfig({ ...run.base, prior: { solver: 'paper', paperIterations: 1e12 } });
    expectCleanFailure(
      await runGla(['run', paperConfig, '--dry-run']),
      paperConfig,
      /: prior\.paperIterations: .*expected number to be <=1000000$/,
    );
  });

  reliabilityCase('numeric.linear-head-diverges', () => {
    const features = matrix(
      Float64Array.from({ length: 40 * 5 }, (_, i) => Math.sin(i) + (i % 5 === Math.floor(i / 5) % 4 ? 1 : 0)),
      40,
      5,
    );
    const y = Int32Array.from({ length: 40 }, (_, i) => i % 4);
    const sgd = { classes: 4, optimizer: 'sgd' as const, epochs: 2, batchSize: 8, seed: 1 };
    expect(() => trainLinearHead(features, y, { ...sgd, learningRate: 1e300 })).toThrow(InputError);
    expect(() => trainLinearHead(features, y, { ...sgd, learningRate: 1e300 })).toThrow(
      /^linear head: training diverged \(.*\) with optimizer sgd, learning rate 1e\+300, .*; lower the learning rate or the weight decay$/,
    );
    expect(() => trainLinearHead(features, y, { ...sgd, weightDecay: 1e300 })).toThrow(/weight decay 1e\+300/);
  });
});
