/** Group index of each class: 0 = head / many, 1 = medium, 2 = tail / few. */
export type ClassGroups = Int8Array;

/** Names of the three groups in the paper's words, by group index. */
export const PRIOR_GROUP_NAMES = ['head', 'medium', 'tail'] as const;
/** Names of the long-tail benchmark groups, by group index. */
export const SHOT_GROUP_NAMES = ['many', 'medium', 'few'] as const;

/**
 * Head / medium / tail thirds of the classes ranked by a prior, descending (ties broken by class index):
 * sizes floor(K/3), floor(K/3) and the rest, as the original code's 333 / 333 / 334 on ImageNet.
 */
export function priorThirds(prior: ArrayLike<number>): ClassGroups {
  const k = prior.length;
  const order = Array.from({ length: k }, (_, j) => j).sort((a, b) => prior[b] - prior[a] || a - b);
  const third = Math.floor(k / 3);
  const groups = new Int8Array(k);
  order.forEach((cls, rank) => {
    groups[cls] = rank < third ? 0 : rank < 2 * third ? 1 : 2;
  });
  return groups;
}

/**
 * Many / medium / few groups by training counts, as the long-tail benchmarks define them:
 * many > `manyAbove` (default 100) images, few < `fewBelow` (default 20), medium otherwise.
 */
export function shotGroups(trainCounts: ArrayLike<number>, manyAbove = 100, fewBelow = 20): ClassGroups {
  const groups = new Int8Array(trainCounts.length);
  for (let j = 0; j < trainCounts.length; j++) {
    const c = trainCounts[j];
    groups[j] = c > manyAbove ? 0 : c < fewBelow ? 2 : 1;
  }
  return groups;
}

/**
 * Accuracy pooled over the test samples of each group's classes (the original ImageNet code's rule).
 * Returns one fraction per group; NaN for a group with no test sample.
 */
export function pooledGroupAccuracy(
  predictions: Int32Array,
  labels: Int32Array,
  groups: ClassGroups,
  groupCount = 3,
): number[] {
  const correct = new Float64Array(groupCount);
  const total = new Float64Array(groupCount);
  for (let i = 0; i < labels.length; i++) {
    const g = groups[labels[i]];
    total[g]++;
    if (predictions[i] === labels[i]) correct[g]++;
  }
  return Array.from(total, (t, g) => (t > 0 ? correct[g] / t : NaN));
}

/**
 * Mean per-class accuracy within each group (the long-tail benchmarks' rule); classes without test samples
 * are left out. NaN for a group with no evaluated class.
 */
export function groupMeanClassAccuracy(perClass: ArrayLike<number>, groups: ClassGroups, groupCount = 3): number[] {
  const sum = new Float64Array(groupCount);
  const n = new Float64Array(groupCount);
  for (let j = 0; j < perClass.length; j++) {
    if (Number.isNaN(perClass[j])) continue;
    sum[groups[j]] += perClass[j];
    n[groups[j]]++;
  }
  return Array.from(n, (c, g) => (c > 0 ? sum[g] / c : NaN));
}
