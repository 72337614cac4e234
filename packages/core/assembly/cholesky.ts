// AssemblyScript source of the dense Cholesky factor (see src/prior/cholesky-wasm.ts).
// Memory is owned by the host: it lays out the matrix and passes its byte offset. No allocation here.

/** Columns per block: their rows of L (BLOCK x 8 n bytes, 256 KB at n = 1,000) stay in cache while rows stream. */
const BLOCK = 32;

/** sum_{m < len} x[m] y[m] over two float64 rows, in two lanes (added at the end): a fixed order. */
// @ts-ignore: AssemblyScript decorator
@inline
function dot(x: usize, y: usize, len: i32): f64 {
  let acc = f64x2.splat(0);
  const end = len & ~1;
  for (let m = 0; m < end; m += 2) {
    const o = <usize>m << 3;
    acc = f64x2.add(acc, f64x2.mul(v128.load(x + o), v128.load(y + o)));
  }
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (end < len) s += load<f64>(x + (<usize>end << 3)) * load<f64>(y + (<usize>end << 3));
  return s;
}

/**
 * a_ij = (a_ij - dot(row i, row j, j)) * inv for four rows i at once: four independent sums (each in the order of
 * `dot`, so each entry is exactly what `dot` gives) share the loads of row j.
 */
// @ts-ignore: AssemblyScript decorator
@inline
function update4(r0: usize, r1: usize, r2: usize, r3: usize, rj: usize, j: i32, inv: f64): void {
  let a0 = f64x2.splat(0);
  let a1 = f64x2.splat(0);
  let a2 = f64x2.splat(0);
  let a3 = f64x2.splat(0);
  const end = j & ~1;
  for (let m = 0; m < end; m += 2) {
    const o = <usize>m << 3;
    const y = v128.load(rj + o);
    a0 = f64x2.add(a0, f64x2.mul(v128.load(r0 + o), y));
    a1 = f64x2.add(a1, f64x2.mul(v128.load(r1 + o), y));
    a2 = f64x2.add(a2, f64x2.mul(v128.load(r2 + o), y));
    a3 = f64x2.add(a3, f64x2.mul(v128.load(r3 + o), y));
  }
  let s0 = f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1);
  let s1 = f64x2.extract_lane(a1, 0) + f64x2.extract_lane(a1, 1);
  let s2 = f64x2.extract_lane(a2, 0) + f64x2.extract_lane(a2, 1);
  let s3 = f64x2.extract_lane(a3, 0) + f64x2.extract_lane(a3, 1);
  const oj = <usize>j << 3;
  if (end < j) {
    const oe = <usize>end << 3;
    const y = load<f64>(rj + oe);
    s0 += load<f64>(r0 + oe) * y;
    s1 += load<f64>(r1 + oe) * y;
    s2 += load<f64>(r2 + oe) * y;
    s3 += load<f64>(r3 + oe) * y;
  }
  store<f64>(r0 + oj, (load<f64>(r0 + oj) - s0) * inv);
  store<f64>(r1 + oj, (load<f64>(r1 + oj) - s1) * inv);
  store<f64>(r2 + oj, (load<f64>(r2 + oj) - s2) * inv);
  store<f64>(r3 + oj, (load<f64>(r3 + oj) - s3) * inv);
}

/**
 * A = L L^T in place on the lower triangle of the n x n row-major float64 matrix at `a` (the strict upper
 * triangle is left as it was); pivots below `floor` are raised to it. The dot-product form (every inner loop reads
 * two rows contiguously), by blocks of columns: a block's rows of L are formed first, then every later row gets
 * the block's columns four rows at a time while those rows of L stay in cache. Each entry is computed exactly as
 * column by column (L_ij = (a_ij - dot(L_i, L_j, j)) / L_jj, the same sums in the same order): only the order in
 * which entries are formed changes, so the factor is the same bit for bit.
 */
export function choleskyLower(a: usize, n: i32, floor: f64): void {
  choleskyLowerColumns(a, n, floor, 0, n);
}

/**
 * The column blocks of {@link choleskyLower} that start in [from, to) (from a multiple of 32), given those before
 * them: called block by block, so that the engine's optimising compiler takes over after the first calls (a
 * single call runs to its end in the baseline code it started in).
 */
export function choleskyLowerColumns(a: usize, n: i32, floor: f64, from: i32, to: i32): void {
  const rowBytes = <usize>n << 3;
  for (let j0 = from; j0 < to; j0 += BLOCK) {
    const j1 = min<i32>(n, j0 + BLOCK);
    // The block's own rows: pivots and the entries below them inside the block, column by column.
    for (let j = j0; j < j1; j++) {
      const rj = a + <usize>j * rowBytes;
      const d = load<f64>(rj + (<usize>j << 3)) - dot(rj, rj, j);
      const pivot = Math.sqrt(d > floor ? d : floor);
      store<f64>(rj + (<usize>j << 3), pivot);
      const inv = 1 / pivot;
      for (let i = j + 1; i < j1; i++) {
        const at = a + <usize>i * rowBytes + (<usize>j << 3);
        store<f64>(at, (load<f64>(at) - dot(a + <usize>i * rowBytes, rj, j)) * inv);
      }
    }
    // Every later row: the block's columns in order (each needs the row's earlier columns, set just before).
    let i = j1;
    for (; i + 4 <= n; i += 4) {
      const r0 = a + <usize>i * rowBytes;
      for (let j = j0; j < j1; j++) {
        const rj = a + <usize>j * rowBytes;
        const inv = 1 / load<f64>(rj + (<usize>j << 3));
        update4(r0, r0 + rowBytes, r0 + 2 * rowBytes, r0 + 3 * rowBytes, rj, j, inv);
      }
    }
    for (; i < n; i++) {
      const ri = a + <usize>i * rowBytes;
      for (let j = j0; j < j1; j++) {
        const rj = a + <usize>j * rowBytes;
        const inv = 1 / load<f64>(rj + (<usize>j << 3));
        const at = ri + (<usize>j << 3);
        store<f64>(at, (load<f64>(at) - dot(ri, rj, j)) * inv);
      }
    }
  }
}
