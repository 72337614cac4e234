export { main } from './main.js';
export { buildProgram } from './program.js';
export { estimatePriorCommand, type EstimatePriorCommandOptions, type PriorFile } from './commands/estimate-prior.js';
export { evaluateCommand, metricsTable, type EvaluateCommandOptions, type MetricsFile } from './commands/evaluate.js';
