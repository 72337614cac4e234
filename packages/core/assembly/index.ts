// Entry of the WebAssembly kernels module (wasm/kernels.wasm, built by `pnpm build:wasm`).
export { priorPassRows } from './prior-pass';
export { scoreRows } from './score-rows';
export { expInPlace } from './exp-f64x2';
export { scoreGrid } from './score-grid';
export { sandwichPanel } from './sandwich-panel';
export { sandwichRows } from './sandwich-rows';
export { sandwichFlush, sandwichKeptBytes } from './sandwich-pairs';
export { choleskyLower, choleskyLowerColumns } from './cholesky';
export { logitSummary } from './logit-summary';
export { priorPassRowsF32 } from './prior-pass-f32';
export { expInPlaceF32 } from './exp-f32x4';
export { priorHessianRows, priorHessianRowsF32 } from './prior-hessian';
export { cachedSoftmaxPass } from './cached-softmax-pass';
export { abtRows } from './abt-rows';
export { atbRows } from './atb-rows';
export { sandwichCorrection } from './sandwich-correction';
export { expShortInPlaceF32 } from './exp-f32x4-short';
export { nllMomentsRows } from './nll-moments';
