export { type Progress, createProgress } from './progress.js';
export { type DemoRun, type DemoOptions, DEMO_CONFIGS, runDemo } from './demo/run-demo.js';
export { OutputError } from './output-error.js';
export {
  type PaperConfig,
  type ManyShotConfig,
  type FewShotConfig,
  type LongTailConfig,
  parsePaperConfig,
  loadPaperConfig,
} from './paper/config/paper-config.js';
export { type PaperRun, type PaperRunOptions, runPaperExperiment } from './paper/run/run-paper-experiment.js';
export type { RunRecord, PaperMetrics } from './paper/run/run-record.js';
export type { ManyShotMetrics } from './paper/pipelines/many-shot-pipeline.js';
export type { DemoResults } from './demo/demo-results.js';
export { parseShard } from './engine/shard.js';
export { promptName } from './paper/stages/zero-shot-head-stage.js';
export { headLogitBlocks, headLogits } from './paper/stages/head-logits-stage.js';
export { type FeatureFile, featureFile } from './paper/stages/stage-features.js';
export {
  type ImageSamples,
  imageFolderSamples,
  coopSplitSamples,
  splitListSamples,
} from './extract/image-samples.js';
export {
  type ExtractFeatureSetOptions,
  type FeatureSet,
  type FeatureSetSettings,
  extractFeatureSet,
} from './extract/extract-feature-set.js';
export { type MergedFeatureSet, mergeFeatureShards } from './paper/stages/merge-feature-shards.js';
export {
  type PaperReportOptions,
  type PaperReport,
  buildPaperReport,
  readRunRecord,
} from './paper/report/build-paper-report.js';
export { type PaperReference, loadPaperReference } from './paper/tables/paper-reference.js';
