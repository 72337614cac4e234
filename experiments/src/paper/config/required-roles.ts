import type { PaperConfig } from './paper-config-type.js';

/** The split roles each model (and the labels) must cover in logits mode. */
export interface RequiredRoles {
  zeroShot: string[];
  fineTuned: string[];
  wiseFt: string[];
  labels: string[];
}

/**
 * Which splits an experiment reads, per model. Many-shot: q on the held-out set (or on val for
 * `paper-eval-split`), every method on val and the shifts. Few-shot: q on train + val, the fine-tuned temperature
 * on val (many-shot: on the estimation set), methods on test. Long-tail: q on val, pi_s from train labels, methods on test.
 */
export function requiredRoles(config: PaperConfig): RequiredRoles {
  const ftVal =
    config.temperature.fineTuned !== 'none' && typeof config.temperature.fineTuned !== 'number' ? ['val'] : [];
  switch (config.kind) {
    case 'many-shot': {
      const evaluated = ['val', ...config.shifts];
      const estimation = config.prior.estimationSet === 'heldout-train-balanced' ? ['heldout'] : [];
      const ftEstimation =
        config.temperature.fineTuned !== 'none' && typeof config.temperature.fineTuned !== 'number'
          ? [config.prior.estimationSet === 'heldout-train-balanced' ? 'heldout' : 'val']
          : [];
      return {
        zeroShot: [...estimation, ...evaluated],
        fineTuned: unique([...ftEstimation, ...evaluated]),
        wiseFt: evaluated,
        labels: [...estimation, ...evaluated],
      };
    }
    case 'few-shot':
      return {
        zeroShot: ['train', 'val', 'test'],
        fineTuned: unique(['test', ...ftVal]),
        wiseFt: ['test'],
        labels: ['train', 'val', 'test'],
      };
    case 'long-tail':
      return {
        zeroShot: ['val', 'test'],
        fineTuned: unique(['test', ...ftVal]),
        wiseFt: ['test'],
        labels: ['train', 'val', 'test'],
      };
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
