export { type FloatArray, type Matrix, matrix, zeros, row } from './matrix.js';
export { logSumExp, softmax, logSoftmax, toFloat64 } from './softmax.js';
export { UserError, isUserError } from './user-error.js';
export { type AtomicFile, openAtomicFile, writeFileAtomic, writeFileAtomicSync } from './atomic-file.js';
export {
  InputError,
  checkLabels,
  checkFinite,
  checkPrior,
  checkTemperature,
  checkLogitSpread,
  MAX_SCALED_LOGIT_SPREAD,
  checkLogitMagnitude,
  MAX_LOGIT_MAGNITUDE,
  checkLogits,
  type CheckLogitsOptions,
} from './validate.js';
export { type LogitSummary, summariseLogits } from './logit-summary.js';
export {
  argmaxRows,
  top1Accuracy,
  predictionAccuracy,
  meanCrossEntropy,
  confusionCounts,
  perClassAccuracy,
  meanPerClassAccuracy,
} from './metrics.js';
export { expectedCalibrationError, maxSoftmaxScores } from './calibration-error.js';
export { type ClassGroups, PRIOR_GROUP_NAMES, SHOT_GROUP_NAMES, priorThirds, shotGroups } from './class-groups.js';
export { classCounts, classPrior, uniformPrior } from './class-prior.js';
export { adjustLogits } from './logit-adjustment.js';
export { type GlaInputs, glaLogits, outputEnsemble } from './ensemble.js';
export {
  type ConfidenceTemperatureOptions,
  type TemperatureResult,
  meanConfidence,
  confidenceTemperature,
} from './confidence-temperature.js';
export { nllTemperature } from './nll-temperature.js';
export type { PriorEstimate, PriorSolver } from './prior/prior-estimate.js';
export { estimatePrior, type EstimatePriorOptions } from './prior/estimate-prior.js';
export { estimatePriorExact, type ExactPriorOptions } from './prior/estimate-prior-exact.js';
export { estimatePriorPaper, type PaperPriorOptions } from './prior/estimate-prior-paper.js';
export { type MatrixProducts, typescriptProducts } from './matrix-products.js';
export { parallelProducts } from './parallel-products.js';
export {
  type LinearHead,
  type LogitBlock,
  linearLogits,
  linearLogitBlocks,
  interpolateHeads,
  zeroHead,
} from './linear-head.js';
export { type TrainLinearHeadOptions, type TrainedHead, trainLinearHead } from './train-linear-head.js';
export { type Random, createRandom, permutation, sampleCategorical } from './random.js';
export { meanStd, ranks, pearson, spearman, klDivergence, imbalanceRatio } from './statistics.js';
export { methodMetrics } from './method-metrics.js';
export {
  type NpyArray,
  type NpyDtype,
  type NpyHeader,
  parseNpy,
  parseNpyHeader,
  encodeNpy,
  encodeNpyHeader,
  NPY_ITEM_SIZE,
} from './npy.js';
export { readNpyFile } from './read-npy-file.js';
export { NpyRowReader } from './npy-row-reader.js';
export { type LogitRows, type NpyFileLogits, isFileLogits } from './logit-rows.js';
export { checkFileUnchanged, openNpyFileLogits } from './npy-file-logits.js';
export { type FeatureRows, matrixFeatureRows, isFeatureRows } from './feature-rows.js';
export { NpyFeatureRows } from './npy-feature-rows.js';
export { l2NormalizedRows } from './l2-normalized-rows.js';
export {
  float32ToFloat16,
  float16ToFloat32,
  toFloat16Bits,
  fromFloat16Bits,
  toBfloat16Bits,
  fromBfloat16Bits,
} from './float16.js';
export { evaluateMethods } from './evaluate-methods.js';
export {
  type LogitSource,
  type PriorRole,
  type MethodTerm,
  type MethodContext,
  type MethodDefinition,
  type MethodId,
  METHODS,
  METHOD_IDS,
  methodDefinition,
  methodLabel,
  availableMethods,
  methodContext,
} from './methods.js';
export { scoreMethodTerms } from './score-methods.js';
export { ParallelPool, defaultThreads } from './parallel-pool.js';
export { WasmHeap, compileWasmFile } from './wasm-heap.js';
export { sharedMatrix } from './shared-arrays.js';
export { solveExactPrior } from './prior/solve-exact-prior.js';
export { estimatePriorExactParallel } from './prior/estimate-prior-exact.js';
export { ParallelPriorPass, type ParallelPriorOptions } from './prior/parallel-prior-pass.js';
export {
  type LogitCombination,
  type CombinationScores,
  type ScoreOptions,
  type ScoredLogits,
  scoreCombinations,
} from './score-combination.js';
export type { NpyFileRows } from './npy-file-rows.js';
export type { InputCheck } from './file-block-checks.js';
export type { RowSource } from './row-source.js';
export { type StreamingScoreOptions, scoreCombinationsStreaming } from './score-combinations-streaming.js';
export {
  type PriorUncertainty,
  type PriorUncertaintyOptions,
  MAX_STANDARD_ERROR,
  NO_STANDARD_ERROR,
  UNDETERMINED_THRESHOLD,
  priorUncertainty,
} from './prior/prior-uncertainty.js';
export { type BootstrapPriorOptions, type BootstrapPriorResult, bootstrapPrior } from './prior/bootstrap-prior.js';
export { type MethodMetrics, scoreMetrics } from './score-metrics.js';
export {
  type EvaluateMethodsInputs,
  type EvaluateRunInputs,
  type EvaluateRunResult,
  evaluateRun,
  logitBytes,
} from './evaluate-run.js';
export type { WiseFtModel, WiseFtModelMetrics } from './evaluate-wise-ft.js';
export { readInputFile, MAX_WHOLE_FILE_BYTES, type ReadInputOptions } from './read-input-file.js';
