import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runGla, tempDir, writeNpy } from './cli-harness.js';
import { openLogits, streamAboveBytes } from '../src/open-logits.js';
import { geometricPrior, syntheticLogits } from './synthetic-logits.js';

/**
 * gla evaluate over logits read in row chunks. Files over 64 MiB take this path; here the threshold is lowered
 * with GLA_STREAM_ABOVE_BYTES so that small files (and small chunks) exercise it.
 */
describe('gla evaluate on logits read in row chunks', () => {
  const k = 12;
  const prior = geometricPrior(k, 30);
  const zsData = syntheticLogits(k, 10, prior, 1);
  const ftData = syntheticLogits(k, 10, new Float64Array(k).fill(1 / k), 2, 1.5);
  const n = zsData.labels.length;
  let dir: string;
  let files: { labels: string; zs: string; ft: string; prior: string; wise: string };

  beforeEach(() => {
    dir = tempDir();
    const zs = Float32Array.from(zsData.logits);
    const wise = Float32Array.from(zsData.logits, (v, i) => 0.5 * v + 0.5 * ftData.logits[i]);
    files = {
      labels: writeNpy(dir, 'y.npy', Int32Array.from(zsData.labels), [n]),
      zs: writeNpy(dir, 'zs.npy', zs, [n, k]),
      ft: writeNpy(dir, 'ft.npy', Float32Array.from(ftData.logits), [n, k]),
      wise: writeNpy(dir, 'wise.npy', wise, [n, k]),
      prior: join(dir, 'q.json'),
    };
    writeFileSync(files.prior, JSON.stringify(Array.from(prior)));
  });
  afterEach(() => {
    delete process.env.GLA_STREAM_ABOVE_BYTES;
  });

  const args = (out: string, extra: string[] = []) => [
    'evaluate',
    ...['--labels', files.labels, '--zero-shot', files.zs, '--fine-tuned', files.ft, '--prior', files.prior],
    ...['--sweep', '0,0.5,1', '--wise-ft', `0.5=${files.wise}`, '--out', join(dir, out), ...extra],
  ];

  it('reads files over 64 MiB in chunks and smaller ones whole, unless GLA_STREAM_ABOVE_BYTES says otherwise', () => {
    expect(streamAboveBytes()).toBe(64 * 2 ** 20);
    const small = openLogits(files.zs);
    expect(small.streamed).toBe(false);
    process.env.GLA_STREAM_ABOVE_BYTES = '0';
    const forced = openLogits(files.zs);
    expect(forced.streamed).toBe(true);
    expect([forced.logits.rows, forced.logits.cols]).toEqual([n, k]);
    forced.close();
  });

  it('writes the same metrics as reading the files whole, in chunks of 7 rows on 2 threads', async () => {
    const whole = await runGla(args('whole.json'));
    expect(whole.code, whole.lines.join('\n')).toBe(0);
    process.env.GLA_STREAM_ABOVE_BYTES = '0';
    const streamed = await runGla(args('streamed.json', ['--chunk-rows', '7', '--threads', '2']));
    expect(streamed.code, streamed.lines.join('\n')).toBe(0);
    expect(readFileSync(join(dir, 'streamed.json'), 'utf8')).toBe(readFileSync(join(dir, 'whole.json'), 'utf8'));
  });

  it('names the file and the row in the whole file of a non-finite logit, writing nothing', async () => {
    const bad = Float32Array.from(ftData.logits);
    bad[100 * k + 3] = Number.POSITIVE_INFINITY;
    writeNpy(dir, 'ft.npy', bad, [n, k]);
    process.env.GLA_STREAM_ABOVE_BYTES = '0';
    const run = await runGla(args('m.json', ['--chunk-rows', '16']));
    expect(run.code).toBe(2);
    expect(run.lines.at(-1)).toBe(`gla: ${files.ft}: non-finite value Infinity at row 100, column 3`);
    expect(() => readFileSync(join(dir, 'm.json'))).toThrow();
  });

  it('refuses a chunk size that is not a positive integer', async () => {
    const run = await runGla(args('m.json', ['--chunk-rows', '0']));
    expect(run.code).toBe(2);
    expect(run.lines).toEqual(["gla: --chunk-rows: expected a positive integer, got '0'"]);
  });
});
