import { existsSync, readdirSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { reliabilityCase } from './reliability-case.js';
import { tempDir } from './helpers/temp-dirs.js';
import { logitsRun } from './helpers/logits-run.js';
import { expectCleanFailure, runGla } from './helpers/run-gla.js';

// Paper experiment configs through `gla run`: the few-shot logits-mode fixture (one dataset, 1 shot, seed 1).
const dir = tempDir();
const { base, f, writeInputs, writeConfig } = logitsRun(dir);
type Config = Record<string, unknown>;

async function expectRefused(config: Config, problem: RegExp) {
  const file = writeConfig(config);
  expectCleanFailure(await runGla(['run', file, '--dry-run']), file, problem);
  expect(existsSync(f('results'))).toBe(false);
}

describe('paper configs (gla run)', () => {
  reliabilityCase('paper.unknown-key', () =>
    expectRefused({ ...base, priorr: { solver: 'exact' } }, /: priorr: unknown key/),
  );
  reliabilityCase('paper.wrong-type', () =>
    expectRefused({ ...base, shots: ['one'] }, /: shots\.0: expected number, received string/),
  );
  reliabilityCase('paper.unknown-dataset', () =>
    expectRefused({ ...base, datasets: ['Caltech256'] }, /: datasets\.0: expected one of ImageNet\|Caltech101\|/),
  );
  reliabilityCase('paper.unknown-model-kind', () =>
    expectRefused(
      { ...base, models: { ...base.models, zeroShot: { kind: 'pytorch', file: 'x.pt' } } },
      /: models\.zeroShot\.kind: expected one of onnx\|logits/,
    ),
  );
  reliabilityCase('paper.unknown-experiment-kind', () =>
    expectRefused({ ...base, kind: 'few-shots' }, /: kind: expected one of many-shot\|few-shot\|long-tail/),
  );
  reliabilityCase('paper.unset-variable', () =>
    expectRefused(
      { ...base, cacheDir: '${GLA_RELIABILITY_UNSET}/cache' },
      /: cacheDir: variable \$\{GLA_RELIABILITY_UNSET\} is not set/,
    ),
  );
  reliabilityCase('paper.missing-inputs-dry-run', async () => {
    const file = writeConfig({
      ...base,
      data: { ...base.data, labels: { ...base.data.labels, test: f('absent/{dataset}-test.npy') } },
    });
    const { code, lines } = await runGla(['run', file, '--dry-run', '--verbose']);
    expect(code).toBe(3);
    expect(lines.join('\n')).toContain('Summary by stage:');
    const text = lines.join('\n');
    expect(text).toMatch(/absent\/caltech101-test\.npy: file not found \(data\.labels\.test = /);
    expect(existsSync(f('results'))).toBe(false); // a dry run writes nothing
  });
  reliabilityCase('paper.nan-logits-run', async () => {
    writeInputs({ fineTunedTestNanAt: 17 });
    const file = writeConfig(base);
    const { code, lines } = await runGla(['run', file]);
    expect(code).toBe(2);
    const last = lines[lines.length - 1];
    expect(last).toMatch(
      /^gla: .*ft\/caltech101-k1-s1-test\.npy: non-finite value at row 4 \(models\.fineTuned\.files\.test = /,
    );
    const runs = existsSync(f('results/reliability-few-shot')) ? readdirSync(f('results/reliability-few-shot')) : [];
    for (const run of runs) expect(existsSync(f(`results/reliability-few-shot/${run}/metrics.json`))).toBe(false); // no numbers from bad input
    writeInputs();
    expect((await runGla(['run', file])).code).toBe(0);
  });
});
