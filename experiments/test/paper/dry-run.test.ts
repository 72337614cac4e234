import { describe, expect, it } from 'vitest';
import { runPaperExperiment } from '../../src/index.js';
import { STAGE_KINDS } from '../../src/engine/stage-node.js';
import { writeManyShotLogits } from './helpers/many-shot-logits-layout.js';
import { repoRoot } from './helpers/repo-paths.js';
import { tempDir } from './helpers/temp-dir.js';

process.env.GLA_NO_PROGRESS = '1';

describe('gla run --dry-run', () => {
  // Machine folders point at an empty folder: no model file and no dataset exists.
  const empty = tempDir();
  const env = { GLA_DATA: `${empty}/data`, GLA_MODELS: `${empty}/models`, GLA_LOGITS: `${empty}/logits` };
  const plan = (config: string) =>
    runPaperExperiment({
      configFile: `configs/${config}`,
      root: repoRoot,
      dryRun: true,
      env,
      cacheDir: `${empty}/cache`,
    });

  it('prints the complete ImageNet plan without any model file, and says which are missing', async () => {
    const run = await plan('imagenet/vit-b16.yaml');
    const stages = run.plan!;
    const ids = stages.map((s) => s.node.id);
    const text = run.planText!.join('\n');
    for (const split of ['val', 'imagenet-v2', 'imagenet-sketch', 'imagenet-r', 'imagenet-a'])
      expect(ids).toContain(`imagenet/${split}/evaluation`);
    expect(ids).toContain('imagenet/prior');
    expect(ids.filter((id) => /wise-ft-[\d.]+\/accuracy$/.test(id))).toHaveLength(11 * 5);
    expect(ids.filter((id) => id.startsWith('model/wise-ft-'))).toHaveLength(11);
    for (const kind of [
      'samples',
      'model',
      'merged-model',
      'features',
      'zero-shot-head',
      'logits',
      'prior',
      'evaluation',
    ])
      expect(stages.some((s) => s.node.kind === kind)).toBe(true);
    expect(text).toContain(`Missing inputs`);
    expect(text).toContain(
      `${empty}/models/clip-vit-base-patch16/model.json: file not found (models.zeroShot.manifest)`,
    );
    expect(text).toContain(`${empty}/models/wiseft-vit-b16/finetuned.onnx: file not found (models.fineTuned.file)`);
    expect(text).toContain(`${empty}/data/imagenet/val`);
    expect(stages.every((s) => s.status !== 'run')).toBe(true);
    expect(run.runDir).toBeUndefined();
  });

  it('prints the complete few-shot plan: 11 datasets x 5 shots x 3 seeds', async () => {
    const run = await plan('few-shot/rn50.yaml');
    const ids = run.plan!.map((s) => s.node.id);
    expect(ids.filter((id) => id.endsWith('/evaluation'))).toHaveLength(11 * 5 * 3);
    expect(ids.filter((id) => id.endsWith('/prior'))).toHaveLength(11 * 5 * 3);
    expect(ids.filter((id) => id.startsWith('linear-head/'))).toHaveLength(11 * 5 * 3);
    expect(ids.filter((id) => id.startsWith('zero-shot-head/'))).toHaveLength(11);
    expect(ids).toContain('few-shot/caltech101/k16-s3/temperature/fine-tuned');
    expect(run.planText!.join('\n')).toContain(
      `${empty}/models/clip-rn50/model.json: file not found (models.zeroShot.manifest)`,
    );
  });

  it('prints the complete long-tail plan for ImageNet-LT and Places365-LT', async () => {
    const run = await plan('long-tail/vit-b16.yaml');
    const ids = run.plan!.map((s) => s.node.id);
    for (const b of ['imagenet-lt', 'places-lt']) {
      for (const id of [
        `${b}/prior`,
        `${b}/test/evaluation`,
        `linear-head/${b}`,
        `features/clip/${b}/train`,
        `zero-shot-head/${b}`,
      ])
        expect(ids).toContain(id);
    }
    const text = run.planText!;
    const summary = text
      .slice(text.indexOf('Summary by stage:') + 1, text.indexOf('Summary by dataset:'))
      .map((l) => l.trim().split(/\s+/)[0]);
    expect(summary.length).toBeGreaterThan(3);
    expect(summary).toEqual(STAGE_KINDS.filter((k) => summary.includes(k)));
  });

  it('says what would run, then what is cached after a run (logits mode)', async () => {
    const root = tempDir();
    const { config } = writeManyShotLogits(root);
    const before = await runPaperExperiment({ configFile: config, root, dryRun: true });
    const status = (p: typeof before, id: string) => p.plan!.find((s) => s.node.id === id)!.status;
    expect(status(before, 'imagenet/prior')).toBe('run');
    expect(status(before, 'imagenet/val/evaluation')).toBe('run');
    expect(before.planText!.join('\n')).toContain('0 cached');
    await runPaperExperiment({ configFile: config, root, runId: 'r' });
    const after = await runPaperExperiment({ configFile: config, root, dryRun: true });
    expect(status(after, 'imagenet/prior')).toBe('cached');
    expect(status(after, 'imagenet/val/evaluation')).toBe('cached');
    // Inputs of cached stages are not needed any more.
    expect(status(after, 'logits:logits/zero-shot/val.npy')).toBe('skip');
    expect(after.planText!.join('\n')).toMatch(/0 would run/);
  });
});
