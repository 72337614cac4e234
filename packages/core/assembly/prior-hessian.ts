// AssemblyScript source of the exact prior solver's Hessian-vector product over kept probabilities (see
// src/prior/prior-block-kernel.ts). Memory is owned by the host. No allocation here.

/**
 * out_j += sum over rows r of p_rj (v_j - p_r . v), over the probabilities kept row-compressed in
 * rowStart (rows + 1 int32, relative to the block) / index (int32 class) / value (float64). Row by row, each
 * row's dot product summed in entry order: the same operations in the same order as the JavaScript loop it
 * replaces, so the results are bit-identical to it.
 */
export function priorHessianRows(rowStart: usize, index: usize, value: usize, rows: i32, v: usize, out: usize): void {
  let e = load<i32>(rowStart);
  for (let r = 0; r < rows; r++) {
    const end = load<i32>(rowStart + (<usize>(r + 1) << 2));
    let dot: f64 = 0;
    for (let x = e; x < end; x++) {
      dot += load<f64>(value + (<usize>x << 3)) * load<f64>(v + (<usize>load<i32>(index + (<usize>x << 2)) << 3));
    }
    for (let x = e; x < end; x++) {
      const at = <usize>load<i32>(index + (<usize>x << 2)) << 3;
      store<f64>(out + at, load<f64>(out + at) + load<f64>(value + (<usize>x << 3)) * (load<f64>(v + at) - dot));
    }
    e = end;
  }
}

/**
 * {@link priorHessianRows} over the fast pass's compact kept probabilities: index uint16, value float32 (each
 * product in float64).
 */
export function priorHessianRowsF32(
  rowStart: usize,
  index: usize,
  value: usize,
  rows: i32,
  v: usize,
  out: usize,
): void {
  let e = load<i32>(rowStart);
  for (let r = 0; r < rows; r++) {
    const end = load<i32>(rowStart + (<usize>(r + 1) << 2));
    let dot: f64 = 0;
    for (let x = e; x < end; x++) {
      dot += <f64>load<f32>(value + (<usize>x << 2)) * load<f64>(v + (<usize>load<u16>(index + (<usize>x << 1)) << 3));
    }
    for (let x = e; x < end; x++) {
      const at = <usize>load<u16>(index + (<usize>x << 1)) << 3;
      store<f64>(out + at, load<f64>(out + at) + <f64>load<f32>(value + (<usize>x << 2)) * (load<f64>(v + at) - dot));
    }
    e = end;
  }
}
