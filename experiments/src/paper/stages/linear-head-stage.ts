import { l2NormalizedRows, trainLinearHead, type LinearHead, type Matrix } from '@gla/core';
import { normalizeRows } from '@gla/models';
import { type StageFeatures, isFeatureFile, openFeatureRows } from './stage-features.js';
import { asLinearHead } from './head-logits-stage.js';
import { PipelineError } from '../../engine/pipeline-error.js';
import { stage, type StageNode } from '../../engine/stage-node.js';
import { headStore } from '../../engine/stage-store.js';

/** Settings of a linear head (the `linear-head` fine-tuned model of a config). */
export interface LinearHeadSettings {
  init: 'zero-shot' | 'zero';
  weightDecay: number;
  regularizeTowards: 'init' | 'zero';
  optimizer: 'lbfgs' | 'sgd';
  maxIterations: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

/**
 * A linear head trained on L2-normalised image features with logits scaled as the zero-shot ones
 * (`scale * (W x + b)`), from the zero-shot head (or zero), with weight decay towards the initial head (or zero).
 * Features left on disk (a feature file past the streaming threshold) are read and normalised block by block, in
 * the blocks the in-memory training sums over, so the head is the same bit for bit and memory holds one block.
 */
export function linearHeadStage(
  id: string,
  features: StageNode<StageFeatures>,
  labels: StageNode<Int32Array>,
  zeroShotHead: StageNode<Matrix>,
  settings: LinearHeadSettings,
  scale: number,
): StageNode<LinearHead> {
  return stage({
    id,
    kind: 'linear-head',
    label: `${settings.optimizer} on ${features.id} from the ${settings.init === 'zero-shot' ? 'zero-shot head' : 'zero head'}`,
    deps: [features, labels, zeroShotHead],
    files: [],
    params: { ...settings, scale },
    store: headStore,
    compute: async ([f, y, zs], ctx) => {
      const x = f as StageFeatures;
      const labelsValue = y as Int32Array;
      const zsHead = asLinearHead(zs as Matrix);
      if (x.rows !== labelsValue.length)
        throw new PipelineError(`${features.id}: ${x.rows} rows, but ${labels.id} has ${labelsValue.length} labels`);
      const classes = zsHead.weights.rows;
      const init = settings.init === 'zero-shot' ? zsHead : undefined;
      const total =
        settings.optimizer === 'lbfgs'
          ? settings.maxIterations
          : settings.epochs * Math.ceil(x.rows / settings.batchSize);
      // In memory: normalised whole, as always; on disk: one normalised block at a time.
      const rows = isFeatureFile(x) ? l2NormalizedRows(openFeatureRows(x), x.file) : normalizeRows(x);
      if (isFeatureFile(x))
        ctx.log(`linear head ${id}: ${x.rows} x ${x.cols} ${x.dtype} features read block by block from ${x.file}`);
      const bar = ctx.progress('linear head', total, 'steps');
      try {
        const trained = trainLinearHead(rows, labelsValue, {
          classes,
          init,
          weightDecay: settings.weightDecay,
          regularizeTowards: settings.regularizeTowards,
          logitScale: scale,
          optimizer: settings.optimizer,
          maxIterations: settings.maxIterations,
          epochs: settings.epochs,
          batchSize: settings.batchSize,
          learningRate: settings.learningRate,
          seed: settings.seed,
          onProgress: (step) => bar.update(step),
        });
        ctx.log(
          `linear head ${id}: loss ${trained.loss.toFixed(4)} after ${trained.steps} steps (converged: ${trained.converged})`,
        );
        return trained.head;
      } finally {
        if ('close' in rows) rows.close?.();
        bar.stop();
      }
    },
  });
}
