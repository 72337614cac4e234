import { trainLinearHead, zeroHead, type LinearHead } from '@gla/core';
import type { SimulatedSplit } from './simulated-split.js';

/** Options of {@link trainSimulatedZeroShotHead}. */
export interface SimulatedZeroShotOptions {
  /** L2 weight decay on the weights (never the bias); default 1e-4. */
  readonly weightDecay?: number;
  /** L-BFGS iteration cap; default 20. */
  readonly maxIterations?: number;
  /** Progress callback (iteration, cap, loss). */
  readonly onProgress?: (step: number, total: number, loss: number) => void;
}

/** The trained zero-shot head and how its training went. */
export interface SimulatedZeroShotTraining {
  readonly head: LinearHead;
  /** Final regularised training loss (mean cross-entropy in nats plus the weight-decay term). */
  readonly loss: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** Wall-clock training time in milliseconds. */
  readonly milliseconds: number;
}

/**
 * Trains the simulated foundation model's zero-shot head: multinomial logistic regression (core's
 * `trainLinearHead`, full-batch L-BFGS, logit scale 1) on the pre-training sample, whose labels follow pi_p.
 * Nothing adds log pi_p by hand: the head learns the label prior from the label counts, as CLIP's similarity
 * scores absorb the frequency of concepts in its web data. The prior does not sit in the bias alone: weight decay
 * shrinks the weights of rare classes most, and their bias rises to compensate, so the bias vector by itself
 * ranks poorly against log pi_p while the head's behaviour on balanced data (the q GLA estimates) ranks well.
 */
export function trainSimulatedZeroShotHead(
  pretraining: SimulatedSplit,
  classes: number,
  options: SimulatedZeroShotOptions = {},
): SimulatedZeroShotTraining {
  const { weightDecay = 1e-4, maxIterations = 20 } = options;
  const start = performance.now();
  const trained = trainLinearHead(pretraining.features, pretraining.labels, {
    classes,
    // From zero: the head starts with no class preference and no class prototype; all it knows it learns here.
    init: zeroHead(classes, pretraining.features.cols),
    weightDecay,
    optimizer: 'lbfgs',
    maxIterations,
    onProgress: options.onProgress,
  });
  return {
    head: trained.head,
    loss: trained.loss,
    iterations: trained.steps,
    converged: trained.converged,
    milliseconds: performance.now() - start,
  };
}
