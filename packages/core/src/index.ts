export { type FloatArray, type Matrix, matrix, zeros, row } from './matrix.js';
export { logSumExp, softmax, logSoftmax, toFloat64 } from './softmax.js';
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
} from './validate.js';
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
export {
  type ClassGroups,
  PRIOR_GROUP_NAMES,
  SHOT_GROUP_NAMES,
  priorThirds,
  shotGroups,
  pooledGroupAccuracy,
  groupMeanClassAccuracy,
} from './class-groups.js';
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
export type { PriorEstimate, PriorSolver } from './prior-estimate.js';
export { estimatePrior, type EstimatePriorOptions } from './estimate-prior.js';
export { estimatePriorExact, type ExactPriorOptions } from './estimate-prior-exact.js';
export { estimatePriorPaper, type PaperPriorOptions } from './estimate-prior-paper.js';
export { priorPass } from './prior-objective.js';
export { type MatrixProducts, typescriptProducts } from './matrix-products.js';
export { type LinearHead, linearLogits, interpolateHeads, zeroHead } from './linear-head.js';
export { type TrainLinearHeadOptions, type TrainedHead, trainLinearHead } from './train-linear-head.js';
export { minimizeLbfgs, type LbfgsOptions, type LbfgsResult } from './minimize-lbfgs.js';
export { type Random, createRandom, permutation, sampleCategorical } from './random.js';
export { meanStd, ranks, pearson, spearman, klDivergence, imbalanceRatio } from './statistics.js';
export { type MethodMetrics, methodMetrics } from './method-metrics.js';
export {
  type NpyArray,
  type NpyDtype,
  type NpyHeader,
  parseNpy,
  parseNpyHeader,
  encodeNpy,
  encodeNpyHeader,
} from './npy.js';
export {
  float32ToFloat16,
  float16ToFloat32,
  toFloat16Bits,
  fromFloat16Bits,
  toBfloat16Bits,
  fromBfloat16Bits,
} from './float16.js';
export { METHOD_NAMES, type MethodName, type EvaluateMethodsInputs, evaluateMethods } from './evaluate-methods.js';
export { fastExp } from './fast-exp.js';
export { ParallelPool, defaultThreads } from './parallel-pool.js';
export { isShared, toShared, sharedMatrix, sharedFloat64, sharedInt32 } from './shared-arrays.js';
export type { PriorEvaluator, PriorPassSummary } from './prior-evaluator.js';
export { solveExactPrior } from './solve-exact-prior.js';
export { estimatePriorExactParallel } from './estimate-prior-exact.js';
export { ParallelPriorPass, type ParallelPriorOptions } from './parallel-prior-pass.js';
export {
  type LogitCombination,
  type CombinationScores,
  type ScoreOptions,
  scoreCombinations,
  scoreCombination,
} from './score-combination.js';
export { scoreMetrics, calibrationErrorOfScores } from './score-metrics.js';
export { type EvaluateRunInputs, type EvaluateRunResult, evaluateRun, logitBytes } from './evaluate-run.js';
