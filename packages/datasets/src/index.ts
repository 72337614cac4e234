// Loaders (issue #5): samples reference image files or binary records; no pixels are read here.
export type { Sample, DatasetSplit } from './loaders/dataset-split.js';
export { DatasetError } from './loaders/dataset-error.js';
export { type SplitSummary, validateSplit, findMissingFiles, checkSplitLabels } from './loaders/validate-split.js';
export {
  type ImageFolderSplit,
  type ImageFolderOptions,
  IMAGE_EXTENSIONS,
  scanImageFolder,
  loadImageFolder,
} from './loaders/image-folder.js';
export { type ImageNetSplit, loadImageNetFolder } from './loaders/imagenet-folder.js';
export {
  type ImageNetShiftName,
  type ShiftSplit,
  IMAGENET_SHIFTS,
  loadImageNetShift,
} from './loaders/imagenet-shift.js';
export { restrictLogits } from './loaders/restrict-logits.js';
export { type CifarSample, loadCifar10Binary, loadCifar100Binary, readCifarImage } from './loaders/cifar-binary.js';

// Split files: CoOp few-shot datasets, k-shot subsets, long-tail lists.
export {
  type CoopDatasetInfo,
  type CoopDatasetName,
  COOP_DATASETS,
  coopDataset,
  coopPaths,
} from './splits/coop-datasets.js';
export { type CoopSplits, readCoopSplit, parseCoopSplit } from './splits/coop-split.js';
export { readFgvcAircraftSplits } from './splits/fgvc-aircraft-lists.js';
export {
  type FewShotSplits,
  readCoopFewShotFile,
  remapImpath,
  coopFewShotFileName,
  coopImageMarker,
} from './splits/coop-fewshot-file.js';
export { type ShortClass, sampleFewShot, sampleFewShotSplits } from './splits/few-shot-sampler.js';
export { type LoadFewShotOptions, loadFewShotSplits } from './splits/few-shot-splits.js';
export { readClassNamesFile } from './splits/class-names-file.js';
export { type LtBenchmark, LT_BENCHMARKS, readLtSplit, parseLtSplitList } from './splits/lt-split-list.js';
export { readNpy } from './splits/npy-array.js';
export { trainCounts, trainShotGroups, groupsFromShotMask } from './splits/shot-groups.js';

// CLIP preprocessing.
export {
  type ClipPreprocessOptions,
  type Resampler,
  type RgbConversion,
  clipPreprocess,
} from './preprocess/clip-preprocess.js';
export {
  type BatchItem,
  type BatchOptions,
  type PreprocessedBatch,
  type SkippedImage,
  clipPreprocessBatch,
} from './preprocess/clip-preprocess-batch.js';
export { type ImageErrorReason, ImageError } from './preprocess/image-error.js';
export { type DecodeOptions, DEFAULT_PIXEL_LIMIT, ACCEPTED_FORMATS } from './preprocess/sharp-decode.js';
export { CLIP_MEAN, CLIP_STD } from './preprocess/chw-tensor.js';
export type { PixelMode, RawImage } from './preprocess/raw-image.js';
export { pilResize } from './preprocess/pil-resize.js';

// The simulated foundation world (the demo's embedded default; a simulation, not CLIP).
export {
  type SimulatedWorld,
  type SimulatedWorldConfig,
  type SimulatedPresetName,
  type SimulatedSplit,
  type SimulatedFewShot,
  type SimulatedLongTail,
  type FineTuneOptions,
  type FineTunedHead,
  SIMULATED_PRESETS,
  createSimulatedWorld,
  fineTuneHead,
  concatSplits,
} from './simulated/index.js';
export {
  type ResolvedSimulatedWorldConfig,
  type SimulatedDomain,
  type SimulatedDomainKind,
  type SimulatedGeometry,
  type SimulatedZeroShotOptions,
  type SimulatedZeroShotTraining,
  resolveSimulatedConfig,
  createSimulatedGeometry,
  domainClassMean,
  shiftedDomainName,
  sampleSimulatedSplit,
  balancedLabels,
  labelsFromCounts,
  trainSimulatedZeroShotHead,
  zipfPrior,
  longTailCounts,
  subSeed,
} from './simulated/index.js';
