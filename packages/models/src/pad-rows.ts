/**
 * Pads `rows` rows of `rowLength` values to `target` rows by repeating the last row, for exports with a fixed
 * batch size: the last, partial batch is run full and the padding rows' outputs are dropped. Repeating a real
 * row (not zeros) keeps the padding a valid input for any tower (an all-zero token row has no end-of-text token).
 * @returns `data` itself when no padding is needed
 */
export function padRows<T extends Float32Array | Int32Array | BigInt64Array>(
  data: T,
  rows: number,
  rowLength: number,
  target: number,
): T {
  if (rows >= target) return data;
  const out = new (data.constructor as new (n: number) => T)(target * rowLength);
  out.set(data.subarray(0, rows * rowLength) as never);
  const last = data.subarray((rows - 1) * rowLength, rows * rowLength);
  for (let r = rows; r < target; r++) out.set(last as never, r * rowLength);
  return out;
}
