// Model manifests and presets
export {
  type ModelManifest,
  type PreprocessSettings,
  type ImageEncoderSpec,
  type TextEncoderSpec,
  modelManifestSchema,
  parseModelManifest,
  loadModelManifest,
} from './model-manifest.js';
export { listManifestPresets, presetManifest, writePresetManifest } from './manifest-presets.js';

// Tokenizer and prompts
export { ClipTokenizer, type TokenBatch, type TokenDtype, type TokenizeOptions } from './clip-tokenizer.js';
export {
  type ClipVocabulary,
  CLIP_MERGE_COUNT,
  START_OF_TEXT,
  END_OF_TEXT,
  loadClipVocabulary,
  clipVocabularyFromText,
} from './clip-vocabulary.js';
export { cleanClipText } from './clean-clip-text.js';
export { htmlUnescape } from './html-unescape.js';
export { fillTemplate, loadPromptTemplates } from './prompt-template.js';

// ONNX encoders
export { type OnnxSessionOptions, openOnnxSession } from './onnx-encoder.js';
export { checkExecutionProvider } from './cuda-provider.js';
export { OnnxImageEncoder, type OnnxImageEncoderConfig, type OnnxImageEncoderOptions } from './onnx-image-encoder.js';
export { OnnxTextEncoder, type OnnxTextEncoderConfig, type OnnxTextEncoderOptions } from './onnx-text-encoder.js';
export { onnxModelFiles } from './onnx-model-files.js';

// Zero-shot heads and logits
export { buildZeroShotHead, normalizeRows } from './zero-shot-head.js';
export { encodeZeroShotHead, type EncodeZeroShotHeadOptions, type TextEmbedder } from './encode-zero-shot-head.js';
export { zeroShotLogits } from './zero-shot-logits.js';

// Feature extraction and cache
export {
  extractFeatures,
  type ExtractFeaturesOptions,
  type ExtractFeaturesResult,
  type ExtractionProgress,
  type CacheEvent,
  type FeatureSample,
  type ImageEmbedder,
} from './extract-features.js';
export {
  type FeatureCacheKey,
  type FeatureCacheManifest,
  type LoadedFeatureCache,
  loadFeatureCache,
  featureCachePaths,
} from './feature-cache.js';
export { type FileHash, sha256File, hashFiles, hashSampleList } from './file-hash.js';
export { type FeatureDtype, type NpyMatrix, readNpyMatrix, writeNpyMatrix, decodeNpyMatrix } from './npy-file.js';

// Weight-space merging
export { mergeOnnxWeights, type MergeWeightsOptions, type MergeWeightsReport } from './merge-weights.js';
export {
  type OnnxModel,
  type OnnxGraph,
  type OnnxNode,
  type OnnxTensor,
  OnnxDataType,
  decodeOnnxModel,
  encodeOnnxModel,
} from './onnx-model-proto.js';
export { readOnnxModel, type LoadedOnnxModel } from './read-onnx-model.js';

// Errors
export { ModelError, type ModelErrorCode } from './model-error.js';

// Fast matrix products for linear heads
export { OnnxMatrixProducts, type OnnxMatrixProductsOptions } from './onnx-matrix-products.js';
export { matrixProductGraph, type MatrixProductKind } from './matrix-product-graph.js';
export { onnxRuntimeVersion } from './onnx-runtime-version.js';
