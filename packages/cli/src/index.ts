export { main } from './main.js';
export { buildProgram } from './program.js';
export { estimatePriorCommand, type EstimatePriorCommandOptions } from './commands/estimate-prior.js';
export type { PriorFile } from './artifacts/prior-file.js';
export { evaluateCommand, type EvaluateCommandOptions } from './commands/evaluate.js';
export type { MetricsFile } from './evaluate/metrics-file.js';
export { metricsTable } from './evaluate/metrics-table.js';
