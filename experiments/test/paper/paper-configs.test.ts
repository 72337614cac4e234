import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadPaperConfig, loadPaperReference, parsePaperConfig } from '../../src/index.js';
import { expandVariables } from '../../src/paper/config/expand-variables.js';
import { repoRoot, sharedFile } from './helpers/repo-paths.js';

const configDirs = ['imagenet', 'few-shot', 'long-tail', 'demo'];
const configFiles = configDirs.flatMap((d) =>
  readdirSync(join(repoRoot, 'configs', d))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `configs/${d}/${f}`),
);
// biome-ignore lint/suspicious/noExplicitAny: raw YAML is untyped; the tests index into it freely
type RawConfig = Record<string, any>;
const raw = (file: string) => expandVariables(parse(readFileSync(join(repoRoot, file), 'utf8')), {}, file) as RawConfig;

describe('paper experiment configs', () => {
  it('has a config for each paper table and backbone', () => {
    expect(configFiles).toEqual(
      expect.arrayContaining([
        'configs/imagenet/vit-b16.yaml',
        'configs/imagenet/vit-b32.yaml',
        'configs/few-shot/rn50.yaml',
        'configs/long-tail/vit-b16.yaml',
        'configs/imagenet/vit-b16-logits.yaml',
      ]),
    );
  });

  it.each(configFiles)('%s validates', (file) => {
    const config = loadPaperConfig(join(repoRoot, file), {});
    expect(['many-shot', 'few-shot', 'long-tail']).toContain(config.kind);
    // The demo's simulated world is not the paper's data: its configs compare with no paper numbers.
    expect(config.paperReference).toBe(
      file.startsWith('configs/demo/') ? undefined : 'configs/paper/gla-neurips2023.yaml',
    );
  });

  it('fills the paper protocol as defaults: q on held-out train, 11 datasets x 5 shots x 3 seeds, confidence temperatures', () => {
    const b16 = loadPaperConfig(join(repoRoot, 'configs/imagenet/vit-b16.yaml'), {});
    if (b16.kind !== 'many-shot') throw new Error('kind');
    expect(b16.prior.estimationSet).toBe('heldout-train-balanced');
    expect(b16.ensemble.alpha).toBe(0.5);
    expect(b16.shifts).toEqual(['imagenet-v2', 'imagenet-sketch', 'imagenet-r', 'imagenet-a']);
    const paperQ = loadPaperConfig(join(repoRoot, 'configs/imagenet/vit-b16-paper-q.yaml'), {});
    expect(paperQ.kind === 'many-shot' && paperQ.prior.estimationSet).toBe('paper-eval-split');
    const few = loadPaperConfig(join(repoRoot, 'configs/few-shot/rn50.yaml'), {});
    if (few.kind !== 'few-shot') throw new Error('kind');
    expect(few.datasets).toHaveLength(11);
    expect(few.shots).toEqual([1, 2, 4, 8, 16]);
    expect(few.seeds).toEqual([1, 2, 3]);
    // The authors' tolerances: 0.1 pp for the zero-shot search, 1.0 pp for the fine-tuned one.
    expect(few.temperature).toEqual({
      zeroShot: 'confidence',
      fineTuned: 'confidence',
      zeroShotTolerance: 0.1,
      fineTunedTolerance: 1,
    });
    expect(few.models.fineTuned.kind).toBe('linear-head');
  });

  it('names the file and the key path of a bad value, an unknown key or a missing split file', () => {
    const file = 'configs/imagenet/vit-b16.yaml';
    const bad = raw(file);
    bad.models.fineTuned.kind = 'checkpoint';
    expect(() => parsePaperConfig(bad, file)).toThrow(
      'configs/imagenet/vit-b16.yaml: models.fineTuned.kind: expected one of onnx|linear-head|logits',
    );
    const extra = raw(file);
    extra.models.zeroShot.tempaltes = 'x.json';
    expect(() => parsePaperConfig(extra, file)).toThrow(
      'configs/imagenet/vit-b16.yaml: models.zeroShot.tempaltes: unknown key',
    );
    const estimation = raw(file);
    estimation.prior.estimationSet = 'test';
    expect(() => parsePaperConfig(estimation, file)).toThrow(
      'configs/imagenet/vit-b16.yaml: prior.estimationSet: expected one of heldout-train-balanced|paper-eval-split',
    );
    const logits = raw('configs/imagenet/vit-b16-logits.yaml');
    delete logits.models.fineTuned.files['imagenet-r'];
    expect(() => parsePaperConfig(logits, 'l.yaml')).toThrow(
      'l.yaml: models.fineTuned.files.imagenet-r: required: the experiment reads this split',
    );
    const mixed = raw('configs/few-shot/rn50-logits.yaml');
    mixed.models.fineTuned = { kind: 'linear-head' };
    expect(() => parsePaperConfig(mixed, 'f.yaml')).toThrow(
      'f.yaml: models.fineTuned.kind: linear-head needs images, but data.kind is logits',
    );
    const noShift = raw(file);
    delete noShift.data.shiftDirs['imagenet-a'];
    expect(() => parsePaperConfig(noShift, file)).toThrow(
      `${file}: data.shiftDirs.imagenet-a: required: shifts lists imagenet-a`,
    );
    const kind = raw(file);
    kind.kind = 'zero-shot';
    expect(() => parsePaperConfig(kind, file)).toThrow(`${file}: kind: expected one of many-shot|few-shot|long-tail`);
  });

  it('expands ${VAR}, ${VAR:-fallback} and the GLA_* defaults, and names an unset variable', () => {
    expect(
      expandVariables({ a: ['${GLA_DATA}/x', '${HOME_X:-/h}/y'], b: '${GLA_MODELS}' }, { GLA_DATA: '/d' }, 'f.yaml'),
    ).toEqual({ a: ['/d/x', '/h/y'], b: 'models' });
    expect(() => expandVariables({ data: { root: '${NOPE}/x' } }, {}, 'f.yaml')).toThrow(
      'f.yaml: data.root: variable ${NOPE} is not set',
    );
  });
});

describe('configs/paper: the paper reference numbers', () => {
  const reference = loadPaperReference(join(repoRoot, 'configs/paper/gla-neurips2023.yaml'));

  it('holds only the verified numbers; every other cell is null', () => {
    for (const entry of [...reference.manyShot, ...reference.longTail]) {
      expect(entry.verified).toBe(false);
      for (const cells of Object.values(entry.rows))
        for (const v of Object.values(cells as object)) expect(v).toBeNull();
    }
    expect(reference.fewShot.map((e) => [e.backbone, e.dataset, e.method, e.verified])).toEqual([
      ['CLIP RN50', 'ImageNet', 'gla-authors', true],
    ]);
    for (const entry of reference.externalBaselines) expect(entry.warning).toMatch(/^NOT GLA NUMBERS/);
  });

  const shared = sharedFile('reference/paper-results.json');
  it.skipIf(!shared)('transcribes every verified number of the shared record exactly (skips without ../shared)', () => {
    const json = JSON.parse(readFileSync(shared!, 'utf8'));
    const fewShot = reference.fewShot[0];
    for (const row of json.fewshot_imagenet_rn50_gla_from_code_readme.rows) {
      expect(fewShot.cells[String(row.shots)]).toEqual({
        mean: row.mean,
        std: row.std,
        seeds: [row.seed1, row.seed2, row.seed3],
      });
    }
    const ours = reference.externalBaselines[0].rows;
    const theirs = json.external_baselines_wiseft_recipe.rows;
    expect(ours).toHaveLength(theirs.length);
    theirs.forEach((t: Record<string, number | string>, i: number) => {
      const o = ours[i];
      expect(o.backbone).toBe(`CLIP ${t.backbone}`);
      expect([
        o.imagenet,
        o['imagenet-v2'],
        o['imagenet-sketch'],
        o['imagenet-a'],
        o['imagenet-r'],
        o.objectnet,
        o.avgShifts,
      ]).toEqual([t.IN, t['IN-V2'], t['IN-Sketch'], t['IN-A'], t['IN-R'], t.ObjectNet, t.avg_shifts]);
    });
    const gains = json.headline_claims.rows.filter((r: { method: string }) => r.method === 'GLA');
    expect(reference.headlineGains.map((h) => h.gainPp ?? h.rangePp)).toEqual(
      gains.map((r: { value_pp: unknown }) => r.value_pp),
    );
  });
});
