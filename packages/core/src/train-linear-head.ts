import type { Matrix } from './matrix.js';
import { fastExp } from './fast-exp.js';
import { type FeatureRows, isFeatureRows, matrixFeatureRows } from './feature-rows.js';
import { matrix } from './matrix.js';
import { typescriptProducts, type MatrixProducts } from './matrix-products.js';
import { zeroHead, type LinearHead } from './linear-head.js';
import { createRandom, permutation } from './random.js';
import { minimizeLbfgs } from './minimize-lbfgs.js';
import { InputError } from './validate.js';

/** Options of {@link trainLinearHead}. */
export interface TrainLinearHeadOptions {
  /** Number of classes K. */
  classes: number;
  /** Initial head (e.g. the zero-shot head); default all zeros. */
  init?: LinearHead;
  /** L2 weight decay lambda on the weights (not the bias); default 1e-4. */
  weightDecay?: number;
  /** What the weight decay pulls towards: 'zero' (plain weight decay, default) or 'init' (stay near the initial head). */
  regularizeTowards?: 'zero' | 'init';
  /** Multiplier of the logits during training (CLIP-style heads: 100 on unit features); default 1. */
  logitScale?: number;
  /** 'lbfgs' (full batch, deterministic, default) or 'sgd' (mini-batch with momentum, deterministic given `seed`). */
  optimizer?: 'lbfgs' | 'sgd';
  /** L-BFGS: iteration cap (default 200) and gradient-norm tolerance (default 1e-6). */
  maxIterations?: number;
  gradientTolerance?: number;
  /** SGD: epochs (default 10), batch size (default 256), peak learning rate with a cosine schedule (default 0.1), momentum (default 0.9). */
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  momentum?: number;
  /** Seed of the SGD shuffling; default 0. */
  seed?: number;
  /**
   * Rows per summation block of the loss and gradient; default 2048. The objective is summed block by block in
   * row order, each block asked of the features as one `readRows` call, so a head depends on this number (in
   * its last bits) but never on how the rows reach memory: the same features in memory or streamed from a file
   * give bit-identical heads at the same block size.
   */
  blockRows?: number;
  /** Matrix product backend; default the TypeScript kernel. */
  products?: MatrixProducts;
  /** Progress callback: (step, total steps, loss). */
  onProgress?: (step: number, total: number, loss: number) => void;
}

/** A trained head and how training went. */
export interface TrainedHead {
  head: LinearHead;
  /** Final regularised training loss. */
  loss: number;
  /** Iterations (L-BFGS) or mini-batch steps (SGD). */
  steps: number;
  converged: boolean;
}

/**
 * Multinomial logistic regression on features (the WiSE-FT linear classifier and our few-shot fine-tuning):
 * minimises mean CE(s (W x + b), y) + lambda/2 ||W - W_ref||^2 from a given initial head.
 * @param features N x d, in memory or as {@link FeatureRows} (a file read block by block: L-BFGS reads every
 *   block once per evaluation in row order, SGD reads each mini-batch's rows by index, so memory holds one block,
 *   never the set)
 */
export function trainLinearHead(
  features: Matrix | FeatureRows,
  labels: Int32Array,
  options: TrainLinearHeadOptions,
): TrainedHead {
  const source = isFeatureRows(features) ? features : matrixFeatureRows(features);
  const k = options.classes;
  const d = source.cols;
  const blockRows = options.blockRows ?? 2048;
  if (!Number.isInteger(blockRows) || blockRows < 1)
    throw new RangeError(`linear head: blockRows must be a positive integer, got ${blockRows}`);
  const init = options.init ?? zeroHead(k, d);
  const reference = options.regularizeTowards === 'init' ? init.weights.data : undefined;
  const objective = headObjective(
    source,
    blockRows,
    labels,
    k,
    options.weightDecay ?? 1e-4,
    options.logitScale ?? 1,
    reference,
    options.products ?? typescriptProducts,
  );
  const theta = new Float64Array(k * d + k);
  theta.set(init.weights.data, 0);
  theta.set(init.bias, k * d);
  if ((options.optimizer ?? 'lbfgs') === 'lbfgs') {
    const maxIterations = options.maxIterations ?? 200;
    const result = minimizeLbfgs((x, g) => objective(x, g, 0, source.rows), theta, {
      maxIterations,
      gradientTolerance: options.gradientTolerance ?? 1e-6,
      onIteration: (it, f) => options.onProgress?.(it, maxIterations, f),
    });
    return checkedHead(
      { head: unpack(result.x, k, d), loss: result.value, steps: result.iterations, converged: result.converged },
      options,
    );
  }
  return checkedHead(trainSgd(source.rows, theta, k, d, objective, options), options);
}

/**
 * A head with a NaN or infinite weight would turn every logit into NaN downstream (a huge SGD learning rate or
 * weight decay makes the steps diverge): refused here, naming the settings, instead of producing NaN results.
 */
function checkedHead(trained: TrainedHead, options: TrainLinearHeadOptions): TrainedHead {
  const { weights, bias } = trained.head;
  const bad = [weights.data, bias].flatMap((a) => Array.from(a)).findIndex((v) => !Number.isFinite(v));
  if (bad >= 0 || !Number.isFinite(trained.loss))
    throw new InputError(
      `linear head: training diverged (a weight or the loss is not finite) with optimizer ${options.optimizer ?? 'lbfgs'}, learning rate ${options.learningRate ?? 'default'}, weight decay ${options.weightDecay ?? 1e-4}; lower the learning rate or the weight decay`,
    );
  return trained;
}

type Objective = (theta: Float64Array, grad: Float64Array, start: number, count: number, order?: Int32Array) => number;

function unpack(theta: Float64Array, k: number, d: number): LinearHead {
  return { weights: matrix(theta.slice(0, k * d), k, d), bias: theta.slice(k * d) };
}

/** Loss and gradient over rows order[start..start+count) (all rows in order when `order` is absent). */
function headObjective(
  features: FeatureRows,
  block: number,
  labels: Int32Array,
  k: number,
  lambda: number,
  scale: number,
  reference: ArrayLike<number> | undefined,
  products: MatrixProducts,
): Objective {
  const d = features.cols;
  const xs = new Float64Array(block * d); // gathered rows of a shuffled mini-batch
  const logits = new Float64Array(block * k);
  const gw = new Float64Array(k * d);
  return (theta, grad, start, count, order) => {
    grad.fill(0);
    const w = theta.subarray(0, k * d);
    const bias = theta.subarray(k * d);
    let loss = 0;
    for (let s = 0; s < count; s += block) {
      const rows = Math.min(block, count - s);
      // Consecutive rows come as one block (a view for in-memory features); a shuffled mini-batch is gathered.
      const x = order ? xs.subarray(0, rows * d) : features.readRows(start + s, rows);
      if (order) features.gatherRows(order.subarray(start + s, start + s + rows), x);
      products.abt(x, w, rows, d, k, logits);
      for (let r = 0; r < rows; r++) {
        const o = r * k;
        const y = labels[order ? order[start + s + r] : start + s + r];
        let max = -Infinity;
        for (let j = 0; j < k; j++) {
          const v = scale * (logits[o + j] + bias[j]);
          logits[o + j] = v;
          if (v > max) max = v;
        }
        const vy = logits[o + y];
        let sum = 0;
        for (let j = 0; j < k; j++) {
          const e = fastExp(logits[o + j] - max);
          logits[o + j] = e;
          sum += e;
        }
        loss += max + Math.log(sum) - vy;
        const inv = 1 / sum;
        for (let j = 0; j < k; j++) logits[o + j] = (logits[o + j] * inv - (j === y ? 1 : 0)) * (scale / count);
        for (let j = 0; j < k; j++) grad[k * d + j] += logits[o + j];
      }
      products.atb(logits.subarray(0, rows * k), x, rows, k, d, gw);
      for (let i = 0; i < k * d; i++) grad[i] += gw[i];
    }
    loss /= count;
    let reg = 0;
    for (let i = 0; i < k * d; i++) {
      const diff = w[i] - (reference ? reference[i] : 0);
      reg += diff * diff;
      grad[i] += lambda * diff;
    }
    return loss + 0.5 * lambda * reg;
  };
}

function trainSgd(
  n: number,
  theta: Float64Array,
  k: number,
  d: number,
  objective: Objective,
  options: TrainLinearHeadOptions,
): TrainedHead {
  const { epochs = 10, batchSize = 256, learningRate = 0.1, momentum = 0.9, seed = 0 } = options;
  const random = createRandom(seed);
  const grad = new Float64Array(theta.length);
  const velocity = new Float64Array(theta.length);
  const stepsPerEpoch = Math.ceil(n / batchSize);
  const total = epochs * stepsPerEpoch;
  let step = 0;
  let loss = NaN;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = permutation(n, random);
    for (let start = 0; start < n; start += batchSize) {
      const count = Math.min(batchSize, n - start);
      loss = objective(theta, grad, start, count, order);
      const lr = 0.5 * learningRate * (1 + Math.cos((Math.PI * step) / total));
      for (let i = 0; i < theta.length; i++) {
        velocity[i] = momentum * velocity[i] + grad[i];
        theta[i] -= lr * velocity[i];
      }
      step++;
      options.onProgress?.(step, total, loss);
    }
  }
  const full = objective(theta, grad, 0, n);
  return { head: unpack(theta, k, d), loss: full, steps: step, converged: true };
}
