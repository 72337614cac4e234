export { runBench, type RunBenchOptions, type BenchRun } from './run-bench.js';
export { benchSummary } from './bench-table.js';
export { BENCH_SECTIONS, type BenchSection, type BenchReport } from './bench-types.js';
