// AssemblyScript source of the sandwich pass's pair products (see sandwich-rows.ts): the kept entries of many rows
// are buffered, then added to the packed lower triangle class by class, so that each class's row of the triangle
// (16 a bytes for class a, contiguous) takes all its updates while it is in cache. Scattering each row's pairs
// straight into the 8 MB triangle (k = 1,000) missed the cache on nearly every update. Each pair still receives
// its rows' products in row order, so the sums are bit-identical to adding row by row.
// Memory is owned by the host. No allocation here.

// Layout of the buffer at `kept` (capacity entries; see sandwichKeptBytes):
//   [0, 16)             i32 count of buffered entries (then padding)
//   values              capacity + 2 float64x2: (p_c, g_c) of each entry (2 spare: the branchless list writes)
//   classes             capacity + 2 i32: the entry's class c
//   starts              capacity + 2 i32: index of its row's first entry
//   byClass             capacity i32: entry indices grouped by class, ascending within a class
//   classEnd            k + 1 i32: end of each class's group in byClass
// Entries of a row are consecutive and in ascending class order.

/** Bytes of the kept-entry buffer for k classes and `capacity` entries (capacity >= k + 2). */
export function sandwichKeptBytes(k: i32, capacity: i32): i32 {
  return 16 + 28 * (capacity + 2) + 4 * (k + 1);
}

// @ts-ignore: AssemblyScript decorator
@inline
export function keptValues(kept: usize): usize {
  return kept + 16;
}

// @ts-ignore: AssemblyScript decorator
@inline
export function keptClasses(kept: usize, capacity: i32): usize {
  return kept + 16 + 16 * <usize>(capacity + 2);
}

// @ts-ignore: AssemblyScript decorator
@inline
export function keptStarts(kept: usize, capacity: i32): usize {
  return kept + 16 + 20 * <usize>(capacity + 2);
}

/**
 * Adds the pair products of the buffered entries to `pairs` and empties the buffer: for every row and every pair
 * of its entries a > c, pairs[a][c] += (-p_a p_c, g_a g_c) (the Hessian's pair term is subtracted, the scores'
 * added), one float64x2 per pair at entry a (a - 1) / 2 + c. Class by class; within a class, rows in buffer order.
 */
export function sandwichFlush(kept: usize, capacity: i32, k: i32, pairs: usize): void {
  const n = load<i32>(kept);
  if (n == 0) return;
  const values = keptValues(kept);
  const classes = keptClasses(kept, capacity);
  const starts = keptStarts(kept, capacity);
  const byClass = kept + 16 + 24 * <usize>(capacity + 2);
  const classEnd = byClass + (<usize>capacity << 2);
  // Counting sort of the entries by class (stable: ascending entry index, hence row order, within a class).
  memory.fill(classEnd, 0, <usize>(k + 1) << 2);
  for (let e = 0; e < n; e++) {
    const at = classEnd + (<usize>(load<i32>(classes + (<usize>e << 2)) + 1) << 2);
    store<i32>(at, load<i32>(at) + 1);
  }
  for (let c = 0; c < k; c++) {
    const at = classEnd + (<usize>(c + 1) << 2);
    store<i32>(at, load<i32>(at) + load<i32>(at - 4));
  }
  // classEnd[c] is now the start of class c; placing each entry advances it to the class's end.
  for (let e = 0; e < n; e++) {
    const at = classEnd + (<usize>load<i32>(classes + (<usize>e << 2)) << 2);
    const x = load<i32>(at);
    store<i32>(byClass + (<usize>x << 2), e);
    store<i32>(at, x + 1);
  }
  // Class 0 has no pairs a > c: start after its entries.
  let x = load<i32>(classEnd);
  const sign = f64x2(-1, 1);
  for (let a = 1; a < k; a++) {
    const end = load<i32>(classEnd + (<usize>a << 2));
    const base = pairs + ((<usize>((a * (a - 1)) >> 1)) << 4);
    for (; x < end; x++) {
      const e = load<i32>(byClass + (<usize>x << 2));
      const coef = f64x2.mul(v128.load(values + (<usize>e << 4)), sign);
      // The row's earlier entries, by pointer.
      const f0 = <usize>load<i32>(starts + (<usize>e << 2));
      let value = values + (f0 << 4);
      const rowEnd = classes + (<usize>e << 2);
      for (let cls = classes + (f0 << 2); cls < rowEnd; cls += 4, value += 16) {
        const at = base + (<usize>load<i32>(cls) << 4);
        v128.store(at, f64x2.add(v128.load(at), f64x2.mul(coef, v128.load(value))));
      }
    }
  }
  store<i32>(kept, 0);
}
