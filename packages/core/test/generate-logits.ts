import { createRandom, matrix, sampleCategorical, type Matrix } from '../src/index.js';

/** A Zipf-like prior over K classes with max/min ratio `imbalance`, in a shuffled class order. */
export function zipfPrior(k: number, imbalance: number, seed: number): Float64Array {
  const random = createRandom(seed);
  const order = Array.from({ length: k }, (_, j) => j);
  for (let i = k - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const prior = new Float64Array(k);
  let sum = 0;
  for (let r = 0; r < k; r++) {
    const v = imbalance ** (-r / (k - 1));
    prior[order[r]] = v;
    sum += v;
  }
  for (let j = 0; j < k; j++) prior[j] /= sum;
  return prior;
}

/**
 * Logits generated as log-likelihood + log pi: x ~ N(mu_y, sigma^2 I) with random class means, and
 * z_j(x) = -|x - mu_j|^2 / (2 sigma^2) + log pi_j. Labels are drawn from `labelPrior` (default balanced).
 */
export function biasedLogits(options: {
  k: number;
  perClass?: number;
  n?: number;
  dims?: number;
  sigma?: number;
  prior: Float64Array;
  labelPrior?: Float64Array;
  seed: number;
}): { logits: Matrix<Float32Array>; labels: Int32Array } {
  const { k, dims = 8, sigma = 1, prior, seed } = options;
  const random = createRandom(seed);
  const means = new Float64Array(k * dims);
  for (let i = 0; i < means.length; i++) means[i] = random.normal() * 1.2;
  let labels: Int32Array;
  if (options.labelPrior) labels = sampleCategorical(options.labelPrior, options.n ?? k * 20, random);
  else {
    const per = options.perClass ?? 20;
    labels = new Int32Array(k * per);
    for (let i = 0; i < labels.length; i++) labels[i] = i % k;
  }
  const n = labels.length;
  const logits = new Float32Array(n * k);
  const x = new Float64Array(dims);
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    for (let t = 0; t < dims; t++) x[t] = means[y * dims + t] + sigma * random.normal();
    for (let j = 0; j < k; j++) {
      let d2 = 0;
      for (let t = 0; t < dims; t++) d2 += (x[t] - means[j * dims + t]) ** 2;
      logits[i * k + j] = -d2 / (2 * sigma * sigma) + Math.log(prior[j]);
    }
  }
  return { logits: matrix(logits, n, k), labels };
}
