export { type Progress, createProgress } from './progress.js';
export { type DemoConfig, ConfigError, demoConfigSchema, parseDemoConfig, loadDemoConfig } from './demo/demo-config.js';
export { type DemoRun, runDemo } from './demo/run-demo.js';
export { runManyShot, type ManyShotResult, type ManyShotOptions } from './demo/run-many-shot.js';
export { runFewShot, type FewShotResult, type FewShotOptions } from './demo/run-few-shot.js';
export { runLongTail, type LongTailResult } from './demo/run-long-tail.js';
export { priorRecovery, type PriorRecoveryRow } from './demo/prior-recovery.js';
export { METHOD_LABELS, type DemoMethod } from './demo/method-labels.js';
