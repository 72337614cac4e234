import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRandom } from '@gla/core';
import { runGla, tempDir, writeNpy } from '../cli-harness.js';
import { geometricPrior, syntheticLogits } from '../synthetic-logits.js';

/** Argmax of each row of score(i, j), computed directly (independent of the package's code). */
function predictions(n: number, k: number, score: (i: number, j: number) => number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (score(i, j) > score(i, best)) best = j;
    out[i] = best;
  }
  return out;
}

describe('gla evaluate: WiSE-FT, the output-ensemble sweep, per-class accuracies and formats', () => {
  const k = 12;
  const prior = geometricPrior(k, 30);
  const zsData = syntheticLogits(k, 25, prior, 21, 2);
  const ftData = syntheticLogits(k, 25, new Float64Array(k).fill(1 / k), 22, 1.2);
  const n = zsData.labels.length;
  const labels = zsData.labels;
  const zs = (i: number, j: number) => zsData.logits[i * k + j];
  const ft = (i: number, j: number) => ftData.logits[i * k + j];
  // Stand-ins for WiSE-FT logits: any N x K matrices; their metrics are those of the matrix as given.
  const random = createRandom(5);
  const wise = [0.3, 0.7].map((a) =>
    Float32Array.from({ length: n * k }, (_, t) => (1 - a) * zsData.logits[t] + a * ftData.logits[t] + random.normal()),
  );
  const accuracyOf = (p: Int32Array) => p.reduce((s, y, i) => s + (y === labels[i] ? 1 : 0), 0) / n;

  function setup() {
    const dir = tempDir();
    const f = {
      y: writeNpy(dir, 'y.npy', labels, [n]),
      zs: writeNpy(dir, 'zs.npy', zsData.logits, [n, k]),
      ft: writeNpy(dir, 'ft.npy', ftData.logits, [n, k]),
      w3: writeNpy(dir, 'w3.npy', wise[0], [n, k]),
      w7: writeNpy(dir, 'w7.npy', wise[1], [n, k]),
      prior: join(dir, 'prior.json'),
    };
    writeFileSync(f.prior, JSON.stringify(Array.from(prior)));
    const args = ['evaluate', '--labels', f.y, '--zero-shot', f.zs, '--fine-tuned', f.ft, '--prior', f.prior];
    return { dir, f, args };
  }

  afterEach(() => vi.restoreAllMocks());

  it('scores WiSE-FT logits at each alpha and the sweep, marking the best alpha, in one table', async () => {
    const { dir, f, args } = setup();
    const out = join(dir, 'm.json');
    const { code, lines } = await runGla([
      ...args,
      '--wise-ft',
      `0.7=${f.w7}`,
      '--wise-ft',
      `0.3=${f.w3}`,
      '--sweep',
      '--out',
      out,
    ]);
    expect(code, lines.join('\n')).toBe(0);
    const m = JSON.parse(readFileSync(out, 'utf8'));
    expect(m.wiseFt.map((w: { alpha: number }) => w.alpha)).toEqual([0.3, 0.7]);
    const wiseAcc = wise.map((w) => accuracyOf(predictions(n, k, (i, j) => w[i * k + j])));
    expect(m.wiseFt[0].metrics.top1).toBeCloseTo(wiseAcc[0], 12);
    expect(m.wiseFt[1].metrics.top1).toBeCloseTo(wiseAcc[1], 12);
    expect(m.wiseFt[0].file).toBe(f.w3);
    const alphas = Array.from({ length: 11 }, (_, i) => i / 10);
    expect(m.sweep.map((s: { alpha: number }) => s.alpha)).toEqual(alphas);
    const sweepAcc = alphas.map((a) => accuracyOf(predictions(n, k, (i, j) => (1 - a) * zs(i, j) + a * ft(i, j))));
    sweepAcc.forEach((acc, t) => expect(m.sweep[t].metrics.top1).toBeCloseTo(acc, 12));
    const bestSweep = sweepAcc.indexOf(Math.max(...sweepAcc));
    expect(m.sweep.map((s: { best: boolean }) => s.best)).toEqual(alphas.map((_, t) => t === bestSweep));
    const bestWise = wiseAcc[1] > wiseAcc[0] ? 1 : 0;
    expect(m.wiseFt[bestWise].best).toBe(true);
    expect(m.wiseFt[1 - bestWise].best).toBe(false);
    // The terminal table: one row per method, WiSE-FT alpha and sweep alpha, GLA last.
    const rows = lines.filter((l) =>
      /^(Zero-shot|Fine-tuned|Debiased|Output ensemble|WiSE-FT|GLA).* {2}\d+\.\d\d$/.test(l),
    );
    expect(rows).toHaveLength(4 + 2 + 11 + 1);
    expect(rows.at(-1)).toMatch(/^GLA\s/);
    expect(rows.filter((r) => r.includes(', best)'))).toHaveLength(2);
    const topCell = (row: string) => Number(row.trim().split(/\s{2,}/)[1]);
    expect(
      topCell(rows.find((r) => r.startsWith(`WiSE-FT (α = ${[0.3, 0.7][bestWise]}, best)`)) as string),
    ).toBeCloseTo(100 * wiseAcc[bestWise], 2);
  });

  it('writes per-class accuracies that match a direct count', async () => {
    const { dir, f, args } = setup();
    const csv = join(dir, 'per-class.csv');
    const { code } = await runGla([
      ...args,
      '--wise-ft',
      `0.3=${f.w3}`,
      '--per-class',
      csv,
      '--out',
      join(dir, 'm.json'),
    ]);
    expect(code).toBe(0);
    const [header, ...body] = readFileSync(csv, 'utf8').trim().split('\n');
    expect(header).toBe('class,test_samples,zero-shot,fine-tuned,wise-ft-0.3,output-ensemble,debiased-zero-shot,gla');
    expect(body).toHaveLength(k);
    const columns = {
      'zero-shot': predictions(n, k, zs),
      'wise-ft-0.3': predictions(n, k, (i, j) => wise[0][i * k + j]),
      gla: predictions(n, k, (i, j) => zs(i, j) - Math.log(prior[j]) + ft(i, j) - Math.log(1 / k)),
    };
    const names = header.split(',');
    for (let j = 0; j < k; j++) {
      const cells = body[j].split(',').map(Number);
      expect(cells[0]).toBe(j);
      const total = labels.filter((y) => y === j).length;
      expect(cells[1]).toBe(total);
      for (const [name, p] of Object.entries(columns)) {
        let correct = 0;
        for (let i = 0; i < n; i++) if (labels[i] === j && p[i] === j) correct++;
        expect(cells[names.indexOf(name)]).toBeCloseTo(correct / total, 12);
      }
    }
  });

  it('takes the format from the --out extension, and writes to stdout with --out -', async () => {
    const { dir, args } = setup();
    for (const [ext, check] of [
      ['md', (t: string) => expect(t).toMatch(/^### GLA evaluation\n/)],
      ['csv', (t: string) => expect(t.split('\n')[0]).toBe('method,top1,head,medium,tail,ece')],
      ['tex', (t: string) => expect(t).toContain('\\begin{tabular}')],
      ['json', (t: string) => expect(JSON.parse(t).format).toBe('gla-metrics/1')],
    ] as const) {
      const out = join(dir, `m.${ext}`);
      expect((await runGla([...args, '--out', out])).code).toBe(0);
      check(readFileSync(out, 'utf8'));
    }
    const bad = await runGla([...args, '--out', join(dir, 'm.xlsx')]);
    expect(bad.code).toBe(2);
    expect(bad.lines[0]).toMatch(/m\.xlsx: cannot tell the format from the extension '\.xlsx'/);
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const piped = await runGla([...args, '--out', '-', '--format', 'csv']);
    vi.restoreAllMocks();
    expect(piped.code).toBe(0);
    expect(written.join('').split('\n')[0]).toBe('method,top1,head,medium,tail,ece');
    expect(piped.lines).toEqual([]);
  });

  it('refuses a malformed --wise-ft and WiSE-FT logits of another shape', async () => {
    const { dir, f, args } = setup();
    const small = writeNpy(dir, 'small.npy', new Float32Array(10 * k), [10, k]);
    for (const [value, pattern] of [
      [f.w3, /--wise-ft: expected <alpha>=<logits.npy>/],
      [`1.5=${f.w3}`, /--wise-ft: expected <alpha>=<logits.npy>/],
      [`0.5=${small}`, /small\.npy: shape \(10, 12\), but .*zs\.npy has \(300, 12\)/],
    ] as const) {
      const out = join(dir, 'x.json');
      const r = await runGla([...args, '--wise-ft', value, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.lines).toHaveLength(1);
      expect(r.lines[0]).toMatch(pattern);
    }
  });

  it('leaves out the accuracy of an empty class group instead of writing null (two classes: no head third)', async () => {
    const dir = tempDir();
    const y = writeNpy(dir, 'y.npy', Int32Array.from([0, 1, 0, 1]), [4]);
    const zs2 = writeNpy(dir, 'zs.npy', Float32Array.from([2, 0, 0, 1, 0, 1, 1, 0]), [4, 2]);
    const ft2 = writeNpy(dir, 'ft.npy', Float32Array.from([1, 0, 0, 2, 1, 0, 0, 1]), [4, 2]);
    const prior2 = join(dir, 'prior.json');
    writeFileSync(prior2, JSON.stringify([0.7, 0.3]));
    const base = [
      'evaluate',
      '--labels',
      y,
      '--zero-shot',
      zs2,
      '--fine-tuned',
      ft2,
      '--prior',
      prior2,
      '--sweep',
      '0,1',
    ];
    const out = join(dir, 'm.json');
    const { code, lines } = await runGla([...base, '--out', out]);
    expect(code, lines.join('\n')).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toMatch(/null|NaN|Infinity/);
    const m = JSON.parse(text);
    // floor(2 / 3) = 0 classes in the head and medium thirds: both empty; the tail holds both classes.
    expect(m.methods['zero-shot']).not.toHaveProperty('head');
    expect(m.methods['zero-shot'].tail).toBe(m.methods['zero-shot'].top1);
    // zero-shot predicts 0, 1, 1, 0 for labels 0, 1, 0, 1.
    expect(m.methods['zero-shot'].top1).toBe(0.5);
    expect(lines.find((l) => l.startsWith('Zero-shot '))).toMatch(/^Zero-shot\s+50\.00\s+n\/a\s+n\/a\s+50\.00\s/);
    const md = join(dir, 'm.md');
    expect((await runGla([...base, '--out', md])).code).toBe(0);
    expect(readFileSync(md, 'utf8')).toContain('n/a');
  });
});
