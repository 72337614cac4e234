export { subSeed } from './sub-seed.js';
export { zipfPrior } from './zipf-prior.js';
export { longTailCounts } from './long-tail-counts.js';
export {
  type SimulatedWorldConfig,
  type ResolvedSimulatedWorldConfig,
  type SimulatedPresetName,
  SIMULATED_PRESETS,
  resolveSimulatedConfig,
} from './simulated-world-config.js';
export {
  type SimulatedDomain,
  type SimulatedDomainKind,
  type SimulatedGeometry,
  createSimulatedGeometry,
  domainClassMean,
  shiftedDomainName,
} from './simulated-geometry.js';
export {
  type SimulatedSplit,
  balancedLabels,
  labelsFromCounts,
  sampleSimulatedSplit,
  concatSplits,
} from './simulated-split.js';
export {
  type SimulatedZeroShotOptions,
  type SimulatedZeroShotTraining,
  trainSimulatedZeroShotHead,
} from './train-simulated-zero-shot.js';
export { type FineTuneOptions, type FineTunedHead, fineTuneHead } from './fine-tune-head.js';
export {
  type SimulatedFewShot,
  type SimulatedLongTail,
  type SimulatedWorld,
  createSimulatedWorld,
} from './simulated-world.js';
