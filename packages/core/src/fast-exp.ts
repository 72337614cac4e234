/**
 * exp(x) for scalar JavaScript loops (linear-head training; the softmax kernels use the WebAssembly exp), about
 * twice as fast as V8's Math.exp (which is an out-of-line call):
 * x = (k / 128) ln 2 + r with |r| <= ln 2 / 256, exp(x) = 2^(k >> 7) * 2^((k & 127) / 128) * e^r, e^r by a
 * degree-5 Taylor polynomial (truncation error below 1e-18 on that interval). Measured error at most 2 ulp
 * against Math.exp on [-708, 708], far below what the solvers' certificates (>= 1e-12) can see.
 */

const STEPS = 128;
const INV_STEP = STEPS / Math.LN2;
// ln 2 / 128 split so that k * LN2_HI is exact for |k| < 2^21: fdlibm's ln2_hi keeps 32 significant bits.
const LN2_HI = 6.9314718036912381649e-1 / STEPS;
const LN2_LO = 1.90821492927058770002e-10 / STEPS;
const FRACTION = new Float64Array(STEPS);
for (let j = 0; j < STEPS; j++) FRACTION[j] = 2 ** (j / STEPS);
// 2^e for e in [-1100, 1100): a table lookup instead of bit manipulation, which JavaScript makes slow.
const POW2_BIAS = 1100;
const POW2 = new Float64Array(2 * POW2_BIAS);
for (let e = -POW2_BIAS; e < POW2_BIAS; e++) POW2[e + POW2_BIAS] = 2 ** e;

/**
 * e^x within 2 ulp of Math.exp for |x| < 708 (softmax terms `z - max` <= 0, ratios of them); 0 for -Infinity and
 * below -745.2; Math.exp itself in the subnormal range (x <= -708), at and beyond 708 and for NaN.
 */
export function fastExp(x: number): number {
  if (!(x > -708 && x < 708)) return x <= -745.2 ? 0 : Math.exp(x);
  // Rounds x / (ln 2 / 128) to the nearest integer (half away from zero); |k| < 2^18, so the int32 truncation
  // of the shifted value is exact.
  const k = (x * INV_STEP + (x < 0 ? -0.5 : 0.5)) | 0;
  const r = x - k * LN2_HI - k * LN2_LO;
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120)))));
  return POW2[(k >> 7) + POW2_BIAS] * (FRACTION[k & (STEPS - 1)] * p);
}
