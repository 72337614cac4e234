import { relative } from 'node:path';
import type { LinearHead, Matrix } from '@gla/core';
import { displayPath, fillPattern, resolvePath } from '../config/fill-pattern.js';
import type { PaperConfig } from '../config/paper-config.js';
import { featureSetStage, featuresStage, type FeatureSettings } from '../stages/features-stage.js';
import type { StageFeatures } from '../stages/stage-features.js';
import { featureStreamThreshold } from '../stages/feature-stream-threshold.js';
import { headLogitsStage, interpolatedLogitsStage } from '../stages/head-logits-stage.js';
import { labelsFromSamples, logitsFileStage } from '../stages/input-stages.js';
import { linearHeadStage } from '../stages/linear-head-stage.js';
import { mergedModelStage } from '../stages/merged-model-stage.js';
import {
  classifierModelStage,
  clipImageModelStage,
  clipTextModelStage,
  type ResolvedImageModel,
} from '../stages/model-stages.js';
import { promptTemplatesStage } from '../stages/prompt-templates-stage.js';
import type { SampleList } from '../stages/sample-list.js';
import { stage, type StageNode } from '../../engine/stage-node.js';
import { memoryStore } from '../../engine/stage-store.js';
import type { StageRegistry } from '../../engine/stage-registry.js';
import { subsetRowsStage } from '../stages/subset-rows-stage.js';
import { zeroShotHeadStage } from '../stages/zero-shot-head-stage.js';
import { hashJson } from '../../engine/canonical-json.js';
import { fewShotImageSplits } from './few-shot-image-splits.js';
import type { ImageSplit, ImageSplits } from './image-splits.js';
import type { LogitsSources, UnitRef } from './logits-sources.js';
import { longTailImageSplits } from './long-tail-image-splits.js';
import { manyShotImageSplits } from './many-shot-image-splits.js';
import { zeroShotLogitScale } from '../config/zero-shot-logit-scale.js';

/**
 * Images mode: features through CLIP's image tower (cached), zero-shot heads from prompts, fine-tuned models as
 * ONNX classifiers, linear heads trained here, or `.npy` logits whose rows follow the data's sample order.
 */
export function imageSources(config: PaperConfig, root: string, registry: StageRegistry): LogitsSources {
  const splits: ImageSplits =
    config.kind === 'many-shot'
      ? manyShotImageSplits(config, root, registry)
      : config.kind === 'few-shot'
        ? fewShotImageSplits(config, root, registry)
        : longTailImageSplits(config, root, registry);
  const zs = config.models.zeroShot;
  if (zs.kind !== 'onnx') throw new Error('images mode needs models.zeroShot.kind: onnx');
  const ft = config.models.fineTuned;
  const wise = config.models.wiseFt;
  const rt = config.runtime;
  const settings: FeatureSettings = {
    dtype: rt.featureDtype,
    batchSize: rt.batchSize,
    concurrency: rt.concurrency,
    executionProvider: rt.executionProvider,
    resampler: rt.resampler,
    rgbConversion: rt.rgbConversion,
  };
  // The config's scale, else the manifest's own (recorded in the run record, see zeroShotLogitScale).
  const scale = zeroShotLogitScale(config, root)?.value ?? 100;
  const manifest = resolvePath(root, zs.manifest);
  const clipImage = registry.once('model/zero-shot/image', (id) =>
    clipImageModelStage(id, manifest, 'models.zeroShot.manifest'),
  );
  const clipText = registry.once('model/zero-shot/text', (id) =>
    clipTextModelStage(id, manifest, 'models.zeroShot.manifest'),
  );

  // Read once, so that a bad GLA_FEATURE_STREAM_BYTES stops the run before anything is computed.
  const streamBytes = featureStreamThreshold();
  /** A classifier's outputs (logits) on a split; `clip`: CLIP image features, left on disk past `streamBytes`. */
  function features(split: ImageSplit, tag: 'clip', model: StageNode<ResolvedImageModel>): StageNode<StageFeatures>;
  function features(split: ImageSplit, tag: string, model: StageNode<ResolvedImageModel>): StageNode<Matrix>;
  function features(split: ImageSplit, tag: string, model: StageNode<ResolvedImageModel>): StageNode<StageFeatures> {
    const base = split.pool ?? split.samples;
    const full = registry.once<StageFeatures>(`features/${tag}/${base.id}`, (id) =>
      tag === 'clip'
        ? featureSetStage(id, base, model, settings, streamBytes)
        : featuresStage(id, base, model, settings),
    );
    return split.pool
      ? registry.once(`features/${tag}/${split.samples.id}`, (id) =>
          subsetRowsStage(id, split.pool!, full, split.samples),
        )
      : full;
  }
  const zeroShotHead = (unit: UnitRef) => {
    const dataset = splits.dataset(unit);
    const templates = registry.once(`templates/${dataset.id}`, (id) =>
      promptTemplatesStage(id, resolvePath(root, zs.templates), dataset.templatesKey, 'models.zeroShot.templates'),
    );
    return registry.once(`zero-shot-head/${dataset.id}`, (id) =>
      zeroShotHeadStage(id, clipText, dataset.classNames, templates, rt.executionProvider),
    );
  };
  const vars = (unit: UnitRef) => ({ dataset: unit.dataset, shots: unit.shots, seed: unit.seed });
  const linearHead = (unit: UnitRef): StageNode<LinearHead> => {
    if (ft.kind !== 'linear-head') throw new Error('not a linear-head config');
    const train = splits.split('train', unit);
    return registry.once(`linear-head/${splits.unitId(unit)}`, (id) =>
      linearHeadStage(id, features(train, 'clip', clipImage), labels('train', unit), zeroShotHead(unit), ft, scale),
    );
  };
  const classifier = (unit: UnitRef): StageNode<ResolvedImageModel> => {
    if (ft.kind !== 'onnx') throw new Error('not an onnx fine-tuned config');
    const file = fillPattern(ft.file, vars(unit), root, 'models.fineTuned.file');
    return registry.once(`model/fine-tuned/${relative(root, file)}`, (id) =>
      classifierModelStage(id, file, ft, 'models.fineTuned.file', manifest),
    );
  };
  const labels = (role: string, unit: UnitRef) => {
    const split = splits.split(role, unit);
    return registry.once(`labels/${split.samples.id}`, (id) => labelsFromSamples(id, split.samples));
  };
  const file = (pattern: string | undefined, what: string, unit: UnitRef & { alpha?: number }) => {
    const path = fillPattern(pattern ?? '', { ...vars(unit), alpha: unit.alpha }, root, what);
    return registry.once(`logits:${relative(root, path)}`, (id) =>
      logitsFileStage(id, path, `${what} = ${displayPath(root, path)}`),
    );
  };

  return {
    labels,
    classIndices: (role, unit) => {
      if (role !== 'imagenet-r' && role !== 'imagenet-a') return undefined;
      const split = splits.split(role, unit);
      return registry.once(`class-indices/${split.samples.id}`, (id) => classIndicesStage(id, split.samples));
    },
    zeroShot: (role, unit) => {
      const split = splits.split(role, unit);
      return registry.once(`logits/zero-shot/${split.samples.id}`, (id) =>
        headLogitsStage(id, features(split, 'clip', clipImage), zeroShotHead(unit), scale),
      );
    },
    fineTuned: (role, unit) => {
      const split = splits.split(role, unit);
      if (ft.kind === 'logits') return file(ft.files[role], `models.fineTuned.files.${role}`, unit);
      if (ft.kind === 'onnx') return features(split, `fine-tuned/${splits.unitId(unit)}`, classifier(unit));
      return registry.once(`logits/fine-tuned/${splits.unitId(unit)}/${split.samples.id}`, (id) =>
        headLogitsStage(id, features(split, 'clip', clipImage), linearHead(unit), scale),
      );
    },
    wiseFt: (role, unit, alpha) => {
      if (!wise || wise.kind === 'none') return undefined;
      const split = splits.split(role, unit);
      if (wise.kind === 'logits') return file(wise.files[role], `models.wiseFt.files.${role}`, { ...unit, alpha });
      if (wise.kind === 'interpolate-heads') {
        return registry.once(`logits/wise-ft-${alpha}/${splits.unitId(unit)}/${split.samples.id}`, (id) =>
          interpolatedLogitsStage(
            id,
            features(split, 'clip', clipImage),
            zeroShotHead(unit),
            linearHead(unit),
            alpha,
            scale,
          ),
        );
      }
      if (wise.kind !== 'merge-onnx') throw new Error(`images mode has no WiSE-FT model of kind ${wise.kind}`);
      const zsClassifierFile = resolvePath(root, wise.zeroShotClassifier);
      const zsClassifier = registry.once('model/zero-shot-classifier', (id) =>
        classifierModelStage(
          id,
          zsClassifierFile,
          ft as { input: string; output: string },
          'models.wiseFt.zeroShotClassifier',
          manifest,
        ),
      );
      const merged = registry.once(`model/wise-ft-${alpha}/${splits.unitId(unit)}`, (id) =>
        mergedModelStage(id, zsClassifier, classifier(unit), alpha),
      );
      return features(split, `wise-ft-${alpha}/${splits.unitId(unit)}`, merged);
    },
  };
}

/** The 1000-way indices of a subset split's classes (ImageNet-R / -A), from its sample list. */
function classIndicesStage(id: string, samples: StageNode<SampleList>): StageNode<Int32Array | null> {
  return stage({
    id,
    kind: 'labels',
    label: `class subset of ${samples.id}`,
    deps: [samples],
    files: [],
    params: null,
    store: memoryStore,
    compute: async ([list]) => {
      const indices = (list as SampleList).classIndices;
      return indices ? Int32Array.from(indices) : null;
    },
    contentKey: (v) => hashJson(v ? Array.from(v) : null),
  });
}
