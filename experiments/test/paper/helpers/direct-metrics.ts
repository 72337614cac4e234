/** Independent restatements of the metrics, to check the pipeline against (no code shared with it). */

/** argmax of row i of a row-major n x k array. */
export function argmax(data: ArrayLike<number>, i: number, k: number, classes?: readonly number[]): number {
  const cols = classes ?? Array.from({ length: k }, (_, j) => j);
  let best = cols[0];
  for (const j of cols) if (data[i * k + j] > data[i * k + best]) best = j;
  return best;
}

/** Accuracy of argmax over score(i, j). */
export function accuracy(
  n: number,
  k: number,
  labels: ArrayLike<number>,
  score: (i: number, j: number) => number,
): number {
  let correct = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (score(i, j) > score(i, best)) best = j;
    if (best === labels[i]) correct++;
  }
  return correct / n;
}
