export { type Progress, createProgress } from './progress.js';
export { ConfigError } from './config-error.js';
export { type DemoConfig, demoConfigSchema, parseDemoConfig, loadDemoConfig } from './demo/demo-config.js';
export { type DemoRun, runDemo } from './demo/run-demo.js';
export { runManyShot, type ManyShotResult, type ManyShotOptions } from './demo/run-many-shot.js';
export { runFewShot, type FewShotResult, type FewShotOptions } from './demo/run-few-shot.js';
export type { FewShotCheckpoint, FewShotRun } from './demo/run-few-shot.js';
export { OutputError } from './output-error.js';
export { runLongTail, type LongTailResult } from './demo/run-long-tail.js';
export { priorRecovery, type PriorRecoveryRow } from './demo/prior-recovery.js';
export { METHOD_LABELS, type DemoMethod } from './demo/method-labels.js';
export {
  type PaperConfig,
  type ManyShotConfig,
  type FewShotConfig,
  type LongTailConfig,
  paperConfigSchema,
  parsePaperConfig,
  loadPaperConfig,
} from './paper/config/paper-config.js';
export { type PaperRun, type PaperRunOptions, runPaperExperiment } from './paper/run/run-paper-experiment.js';
export type { RunRecord } from './paper/run/run-record.js';
export { isUserError } from './paper/run/user-error.js';
export { parseShard, shardRange } from './paper/stages/shard.js';
export { type MergedFeatureSet, mergeFeatureShards } from './paper/stages/merge-feature-shards.js';
export {
  type PaperReportOptions,
  type PaperReport,
  buildPaperReport,
  readRunRecord,
} from './paper/report/build-paper-report.js';
export { type PaperReference, paperReferenceSchema, loadPaperReference } from './paper/tables/paper-reference.js';
