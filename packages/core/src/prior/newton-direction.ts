import type { PriorEvaluator, PriorPassSummary } from './prior-evaluator.js';

/**
 * Solves (H + c 11^T) d = -g by Jacobi-preconditioned CG, to relative residual `forcing`, for the exact prior
 * solver. H = diag(pbar) - mean_i p_i p_i^T is applied matrix-free through the evaluator's kept probabilities;
 * the probabilities left out (below the keeping threshold) contribute only their diagonal part. The rank-one
 * term c 11^T pins the constant direction, to which the objective is blind. A ridge (default 0) adds ridge * P,
 * P the centring projector over the active classes (see `prior/prior-ridge.ts`).
 */
export function newtonDirection(
  evaluator: PriorEvaluator,
  pass: PriorPassSummary,
  g: Float64Array,
  active: Uint8Array,
  forcing: number,
  ridge = 0,
): Float64Array {
  const k = g.length;
  const rows = evaluator.rows;
  const pbar = pass.meanProbability;
  const diag = new Float64Array(k);
  let activeCount = 0;
  let meanDiag = 0;
  for (let j = 0; j < k; j++) {
    diag[j] = active[j] ? Math.max((pass.diagonal as Float64Array)[j], 1e-300) + ridge : 1;
    if (active[j]) {
      activeCount++;
      meanDiag += diag[j];
    }
  }
  const c = meanDiag / activeCount / activeCount; // rank-one term: fixes the constant direction, scaled like H
  const kept = pass.keptMean as Float64Array;
  // H v = mean_i p_i * (v - p_i . v), row by row (no cancellation when p_ij is near 1).
  const hv = (v: Float64Array, out: Float64Array) => {
    evaluator.hessianTimes(v, out);
    let total = 0;
    for (let j = 0; j < k; j++) if (active[j]) total += v[j];
    const shift = c * total - (ridge * total) / activeCount;
    for (let j = 0; j < k; j++) {
      out[j] = active[j] ? out[j] / rows + (pbar[j] - kept[j]) * v[j] + ridge * v[j] + shift : 0;
    }
  };
  const x = new Float64Array(k);
  const r = new Float64Array(k);
  for (let j = 0; j < k; j++) r[j] = -g[j];
  const z = new Float64Array(k);
  for (let j = 0; j < k; j++) z[j] = active[j] ? r[j] / diag[j] : 0;
  const p = Float64Array.from(z);
  const ap = new Float64Array(k);
  let rz = dot(r, z);
  const target = forcing * Math.sqrt(dot(r, r));
  for (let it = 0; it < 250; it++) {
    hv(p, ap);
    const pap = dot(p, ap);
    if (!(pap > 0)) break;
    const alpha = rz / pap;
    for (let j = 0; j < k; j++) {
      x[j] += alpha * p[j];
      r[j] -= alpha * ap[j];
    }
    if (Math.sqrt(dot(r, r)) <= target) break;
    for (let j = 0; j < k; j++) z[j] = active[j] ? r[j] / diag[j] : 0;
    const rzNext = dot(r, z);
    const beta = rzNext / rz;
    rz = rzNext;
    for (let j = 0; j < k; j++) p[j] = z[j] + beta * p[j];
  }
  return x;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}
