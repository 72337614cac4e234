import type { PaperConfig } from './paper-config-type.js';
import { requiredRoles } from './required-roles.js';

/** A problem found across keys: the key path it is reported at and the message. */
export interface ConsistencyIssue {
  path: string;
  message: string;
}

/**
 * Checks what the schema alone cannot: models that need images when the data are logits, WiSE-FT sources that
 * need a particular fine-tuned model, and logits/labels files for every split the experiment reads.
 */
export function configConsistency(config: PaperConfig): ConsistencyIssue[] {
  const issues: ConsistencyIssue[] = [];
  const { zeroShot, fineTuned } = config.models;
  const wiseFt = config.models.wiseFt;
  const logitsData = config.data.kind === 'logits';
  // Simulated data and simulated models go together: the world is both the data and the models.
  const simulated = config.data.kind === 'simulated';
  for (const [key, model] of [
    ['zeroShot', zeroShot],
    ['fineTuned', fineTuned],
    ['wiseFt', wiseFt],
  ] as const) {
    if (!model || model.kind === 'none') continue;
    if (simulated && model.kind !== 'simulated')
      issues.push({ path: `models.${key}.kind`, message: `${model.kind}: data.kind simulated needs kind: simulated` });
    if (!simulated && model.kind === 'simulated')
      issues.push({ path: `models.${key}.kind`, message: `simulated needs data.kind: simulated` });
  }
  if (config.kind === 'many-shot') {
    for (const shift of config.shifts) {
      if (shift.startsWith('shift-') !== simulated)
        issues.push({
          path: 'shifts',
          message: simulated
            ? `${shift}: data.kind simulated has the shifted domains shift-a, shift-b, ...`
            : `${shift} needs data.kind: simulated`,
        });
    }
  }
  if (config.kind === 'few-shot') {
    for (const dataset of config.datasets) {
      if ((dataset === 'Simulated') !== simulated)
        issues.push({
          path: 'datasets',
          message: simulated
            ? `${dataset}: data.kind simulated has one dataset, Simulated`
            : 'Simulated needs data.kind: simulated',
        });
    }
  }
  if (config.kind === 'long-tail') {
    for (const benchmark of config.benchmarks) {
      if ((benchmark === 'simulated-lt') !== simulated)
        issues.push({
          path: 'benchmarks',
          message: simulated
            ? `${benchmark}: data.kind simulated has one benchmark, simulated-lt`
            : 'simulated-lt needs data.kind: simulated',
        });
    }
  }
  if (logitsData && zeroShot.kind !== 'logits')
    issues.push({ path: 'models.zeroShot.kind', message: `${zeroShot.kind} needs images, but data.kind is logits` });
  if (logitsData && fineTuned.kind !== 'logits')
    issues.push({ path: 'models.fineTuned.kind', message: `${fineTuned.kind} needs images, but data.kind is logits` });
  if (fineTuned.kind === 'linear-head' && zeroShot.kind !== 'onnx') {
    issues.push({
      path: 'models.fineTuned.kind',
      message: "linear-head is trained on the zero-shot model's image features: models.zeroShot.kind must be onnx",
    });
  }
  if (wiseFt?.kind === 'interpolate-heads' && fineTuned.kind !== 'linear-head') {
    issues.push({ path: 'models.wiseFt.kind', message: 'interpolate-heads needs models.fineTuned.kind: linear-head' });
  }
  if (wiseFt?.kind === 'merge-onnx' && fineTuned.kind !== 'onnx') {
    issues.push({ path: 'models.wiseFt.kind', message: 'merge-onnx needs models.fineTuned.kind: onnx' });
  }
  if (config.kind === 'many-shot' && config.data.kind === 'images') {
    for (const shift of config.shifts) {
      if (!config.data.shiftDirs[shift as keyof typeof config.data.shiftDirs])
        issues.push({ path: `data.shiftDirs.${shift}`, message: `required: shifts lists ${shift}` });
    }
  }
  if (
    config.kind === 'few-shot' &&
    config.data.kind === 'images' &&
    config.datasets.includes('ImageNet') &&
    !config.data.classNames.ImageNet
  ) {
    issues.push({
      path: 'data.classNames.ImageNet',
      message:
        'required: ImageNet has no split file to take class names from (configs/protocol/imagenet-classnames.json)',
    });
  }
  if (config.kind === 'long-tail' && config.data.kind === 'images') {
    const data = config.data;
    for (const benchmark of config.benchmarks) {
      if (benchmark !== 'simulated-lt' && !data[benchmark])
        issues.push({ path: `data.${benchmark}`, message: `required: benchmarks lists ${benchmark}` });
    }
  }
  const roles = requiredRoles(config);
  const need = (files: Record<string, string | undefined>, wanted: string[], path: string) => {
    for (const role of wanted)
      if (!files[role]) issues.push({ path: `${path}.${role}`, message: 'required: the experiment reads this split' });
  };
  if (zeroShot.kind === 'logits') need(zeroShot.files, roles.zeroShot, 'models.zeroShot.files');
  if (fineTuned.kind === 'logits') need(fineTuned.files, roles.fineTuned, 'models.fineTuned.files');
  if (wiseFt?.kind === 'logits') need(wiseFt.files, roles.wiseFt, 'models.wiseFt.files');
  if (config.data.kind === 'logits') need(config.data.labels, roles.labels, 'data.labels');
  return issues;
}
