import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { reliabilityCase } from './reliability-case.js';
import { tempDir } from './helpers/temp-dirs.js';
import { writeBytes, writeNpy } from './helpers/npy-bytes.js';
import { expectCleanFailure, runGla } from './helpers/run-gla.js';

// 40 samples, 4 classes; logits favour the true class so every method has something to score.
const dir = tempDir();
const k = 4;
const n = 40;
const labelsData = Int32Array.from({ length: n }, (_, i) => i % k);
const zsData = Float32Array.from(
  { length: n * k },
  (_, i) => (labelsData[Math.floor(i / k)] === i % k ? 1.5 : 0) + Math.sin(7 * i),
);
const zs = writeNpy(dir, 'zs.npy', zsData, [n, k]);
const ft = writeNpy(
  dir,
  'ft.npy',
  zsData.map((v, i) => v + Math.cos(3 * i)),
  [n, k],
);
const y = writeNpy(dir, 'y.npy', labelsData, [n]);
const out = join(dir, 'out.json');
const q = [0.4, 0.3, 0.2, 0.1];

const priorJson = (name: string, value: unknown) =>
  writeBytes(dir, name, typeof value === 'string' ? value : JSON.stringify(value));

function evaluate(prior: string, output = out) {
  return runGla(['evaluate', '--labels', y, '--zero-shot', zs, '--fine-tuned', ft, '--prior', prior, '--out', output]);
}

async function expectPriorRefused(prior: string, problem: RegExp) {
  expectCleanFailure(await evaluate(prior), prior, problem, [out]);
}

describe('priors', () => {
  reliabilityCase('prior.wrong-length', () =>
    expectPriorRefused(priorJson('short.json', [0.5, 0.5]), /has 2 entries, expected 4/),
  );
  reliabilityCase('prior.zero', () =>
    expectPriorRefused(
      priorJson('zero.json', { prior: [0.5, 0, 0.3, 0.2] }),
      /entry 1 is 0, priors must be finite and > 0/,
    ),
  );
  reliabilityCase('prior.negative', () =>
    expectPriorRefused(
      priorJson('negative.json', { q: [0.5, 0.3, -0.1, 0.3] }),
      /entry 2 is -0\.1, priors must be finite and > 0/,
    ),
  );
  reliabilityCase('prior.nan-json', () =>
    expectPriorRefused(priorJson('null.json', [0.5, 0.3, null, 0.2]), /entry 2 is NaN, priors must be finite and > 0/),
  );
  reliabilityCase('prior.nan-npy', () =>
    expectPriorRefused(writeNpy(dir, 'nan-prior.npy', new Float64Array([0.5, NaN, 0.3, 0.2]), [k]), /entry 1 is NaN/),
  );
  reliabilityCase('prior.infinite-npy', () =>
    expectPriorRefused(
      writeNpy(dir, 'inf-prior.npy', new Float32Array([0.5, 0.3, Infinity, 0.2]), [k]),
      /entry 2 is Infinity/,
    ),
  );
  reliabilityCase('prior.not-json', () =>
    expectPriorRefused(priorJson('broken.json', '{"prior": [0.4, 0.3'), /not valid JSON/),
  );
  reliabilityCase('prior.bad-format', () =>
    expectPriorRefused(
      priorJson('weights.json', { weights: q }),
      /expected a JSON array, or an object with a 'prior' \(or 'q'\) array of numbers/,
    ),
  );
  reliabilityCase('prior.strings', () =>
    expectPriorRefused(priorJson('strings.json', q.map(String)), /expected a JSON array/),
  );
  reliabilityCase('prior.npy-two-d', () =>
    expectPriorRefused(writeNpy(dir, 'prior-2d.npy', new Float64Array(q), [2, 2]), /or a 1-D \.npy/),
  );

  reliabilityCase('prior.unnormalised', async () => {
    // The authors' released q sums to 0.804: accepted, renormalised with a note, and no prediction changes.
    const scaled = priorJson('scaled.json', { prior: q.map((v) => v * 0.8) });
    const exact = priorJson('exact.json', { prior: q });
    const a = await evaluate(scaled, join(dir, 'scaled-metrics.json'));
    const b = await evaluate(exact, join(dir, 'exact-metrics.json'));
    expect(a.code).toBe(0);
    expect(a.lines).toContain(
      `note: ${scaled} sums to 0.800000; renormalised to 1 (rescaling q changes no prediction)`,
    );
    expect(b.lines.some((l) => l.includes('renormalised'))).toBe(false);
    const metrics = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')).methods;
    expect(metrics('scaled-metrics.json')).toEqual(metrics('exact-metrics.json'));
  });

  reliabilityCase('prior.missing-classes-exact', () => missingClassCase('exact'));
  reliabilityCase('prior.missing-classes-paper', () => missingClassCase('paper'));
});

/** estimate-prior with class 2 absent from the estimation set: reported, and q follows the documented rule. */
async function missingClassCase(solver: 'exact' | 'paper') {
  // Class 2 has no sample in the estimation set: it has no finite optimum.
  const keep = Array.from(labelsData.keys()).filter((i) => labelsData[i] !== 2);
  const sub = writeNpy(
    dir,
    `zs-no2-${solver}.npy`,
    Float32Array.from(keep.flatMap((i) => Array.from(zsData.subarray(i * k, i * k + k)))),
    [keep.length, k],
  );
  const yNo2 = writeNpy(
    dir,
    `y-no2-${solver}.npy`,
    Int32Array.from(keep, (i) => labelsData[i]),
    [keep.length],
  );
  const output = join(dir, `prior-no2-${solver}.json`);
  const { code, lines } = await runGla([
    'estimate-prior',
    '--logits',
    sub,
    '--labels',
    yNo2,
    '--solver',
    solver,
    '--out',
    output,
  ]);
  expect(code).toBe(0);
  const rule =
    solver === 'exact'
      ? "get the geometric mean of the other classes' q"
      : "keep the q where the paper solver's fixed SGD steps left it";
  expect(lines[0]).toMatch(
    /^note: 1 class\(es\) have no sample in the estimation set \(2\); they have no finite optimum and /,
  );
  expect(lines[0]).toContain(rule);
  const file = JSON.parse(readFileSync(output, 'utf8'));
  expect(file.missingClasses).toEqual([2]);
  expect(file.prior.every((v: number) => Number.isFinite(v) && v > 0)).toBe(true);
  expect(file.prior.reduce((s: number, v: number) => s + v, 0)).toBeCloseTo(1, 12);
  if (solver === 'exact') {
    // The documented rule: log q_2 is the mean of the other classes' log q.
    const others = [0, 1, 3].map((j) => Math.log(file.prior[j]));
    expect(Math.log(file.prior[2])).toBeCloseTo(others.reduce((s, v) => s + v, 0) / 3, 9);
  }
}
