/** Options of {@link minimizeLbfgs}. */
export interface LbfgsOptions {
  /** Iteration cap; default 200. */
  maxIterations?: number;
  /** Stop when the gradient's infinity norm is at most this; default 1e-6. */
  gradientTolerance?: number;
  /** History size; default 10. */
  memory?: number;
  onIteration?: (iteration: number, value: number) => void;
}

/** Result of {@link minimizeLbfgs}. */
export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

/**
 * Limited-memory BFGS with a backtracking Armijo line search, for smooth convex objectives.
 * `fg(x, grad)` returns f(x) and writes the gradient into `grad`. Deterministic.
 */
export function minimizeLbfgs(
  fg: (x: Float64Array, grad: Float64Array) => number,
  x0: Float64Array,
  options: LbfgsOptions = {},
): LbfgsResult {
  const { maxIterations = 200, gradientTolerance = 1e-6, memory = 10, onIteration } = options;
  const n = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  let f = fg(x, g);
  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const rho: number[] = [];
  const alphaBuf = new Float64Array(memory);
  const dir = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  let iterations = 0;
  let converged = infNorm(g) <= gradientTolerance;
  while (!converged && iterations < maxIterations) {
    iterations++;
    // Two-loop recursion: dir = -H g.
    for (let i = 0; i < n; i++) dir[i] = -g[i];
    for (let m = sList.length - 1; m >= 0; m--) {
      const a = rho[m] * dot(sList[m], dir);
      alphaBuf[m] = a;
      axpy(-a, yList[m], dir);
    }
    if (sList.length > 0) {
      const last = sList.length - 1;
      const gamma = dot(sList[last], yList[last]) / dot(yList[last], yList[last]);
      for (let i = 0; i < n; i++) dir[i] *= gamma;
    } else {
      const scale = 1 / Math.max(1, infNorm(g));
      for (let i = 0; i < n; i++) dir[i] *= scale;
    }
    for (let m = 0; m < sList.length; m++) {
      const b = rho[m] * dot(yList[m], dir);
      axpy(alphaBuf[m] - b, sList[m], dir);
    }
    let slope = dot(g, dir);
    if (!(slope < 0)) {
      for (let i = 0; i < n; i++) dir[i] = -g[i];
      slope = dot(g, dir);
      sList.length = 0;
      yList.length = 0;
      rho.length = 0;
    }
    let t = 1;
    let fNew = Infinity;
    for (let tries = 0; tries < 50; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + t * dir[i];
      fNew = fg(xNew, gNew);
      if (fNew <= f + 1e-4 * t * slope) break;
      t *= 0.5;
    }
    if (!(fNew <= f)) break;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      sList.push(s);
      yList.push(y);
      rho.push(1 / sy);
      if (sList.length > memory) {
        sList.shift();
        yList.shift();
        rho.shift();
      }
    }
    const improvement = f - fNew;
    x.set(xNew);
    g.set(gNew);
    f = fNew;
    onIteration?.(iterations, f);
    converged = infNorm(g) <= gradientTolerance;
    if (!converged && improvement <= 1e-15 * Math.max(1, Math.abs(f))) break;
  }
  return { x, value: f, iterations, converged };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += a * x[i];
}

function infNorm(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}
