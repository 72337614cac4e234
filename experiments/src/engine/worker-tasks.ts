import { estimatePrior, type EstimatePriorOptions, type LinearHead, type Matrix, type PriorEstimate } from '@gla/core';
import { fineTuneHead, type SimulatedSplit } from '@gla/datasets';

/** Arguments of the `estimate-prior` task: core's `estimatePrior` without callbacks. */
export interface EstimatePriorTask {
  logits: Matrix;
  labels: Int32Array;
  options: Omit<EstimatePriorOptions, 'onIteration' | 'onProgress'>;
}

/** Arguments of the `fine-tune-head` task: the head to start from and the simulated split to train on. */
export interface FineTuneHeadTask {
  init: LinearHead;
  split: SimulatedSplit;
}

/**
 * The heavy, pure steps that stages may hand to a {@link TaskPool} worker, by name. Each is a plain function of
 * structured-cloneable arguments (typed arrays, numbers, strings), so a worker computes exactly what the calling
 * thread would: the same code on the same bits, hence byte-identical results for any number of workers.
 */
export const WORKER_TASKS = {
  'estimate-prior': ({ logits, labels, options }: EstimatePriorTask): PriorEstimate =>
    estimatePrior(logits, labels, options),
  'fine-tune-head': ({ init, split }: FineTuneHeadTask): LinearHead => fineTuneHead(init, split).head,
} as const;

export type TaskName = keyof typeof WORKER_TASKS;
export type TaskArgs<N extends TaskName> = Parameters<(typeof WORKER_TASKS)[N]>[0];
export type TaskResult<N extends TaskName> = ReturnType<(typeof WORKER_TASKS)[N]>;
