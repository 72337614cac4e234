/** Number of samples of each class. */
export function classCounts(labels: Int32Array, classes: number): Float64Array {
  const counts = new Float64Array(classes);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  return counts;
}

/** Empirical class prior (label frequencies, summing to 1). */
export function classPrior(labels: Int32Array, classes: number): Float64Array {
  const counts = classCounts(labels, classes);
  for (let j = 0; j < classes; j++) counts[j] /= labels.length;
  return counts;
}

/** The uniform prior over K classes. */
export function uniformPrior(classes: number): Float64Array {
  return new Float64Array(classes).fill(1 / classes);
}
