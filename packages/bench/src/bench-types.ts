/** The benchmark's sections, in the order they run and appear in the table. */
export const BENCH_SECTIONS = ['kernels', 'prior', 'evaluate', 'head', 'features', 'cli', 'demo'] as const;
export type BenchSection = (typeof BENCH_SECTIONS)[number];

/** Wall-clock statistics of repeated runs, in seconds. */
export interface Timing {
  runs: number;
  median: number;
  min: number;
  max: number;
  /** Median CPU time of the process (all its threads) per run, seconds: wall >> cpu / threads means waiting for cores. */
  cpuMedian?: number;
}

/**
 * One measured figure. `target` is the issue's bound (never adjusted by the benchmark); `met` compares the
 * measured median against it and is absent when the figure has no target.
 */
export interface BenchRow {
  /** What was measured, e.g. 'exact solver, 50,000 x 1,000, certificate <= 1e-6'. */
  name: string;
  /** The headline value (the median for timings). */
  value: number;
  unit: string;
  timing?: Timing;
  target?: { bound: number; direction: 'at most' | 'at least'; unit: string; text: string };
  met?: boolean;
  /** Derived figures and context (passes, GFLOP/s, ratios, caveats). */
  notes?: string[];
  /**
   * The same job done by in-run references on the same inputs: their seconds and the ratio project / reference
   * (below 1: the project is faster), or why a reference was skipped.
   */
  references?: { name: string; seconds?: number; ratio?: number; skipped?: string }[];
}

/** The rows of one section plus its memory and what its inputs were. */
export interface SectionResult {
  section: BenchSection;
  title: string;
  /** What the benchmark generated as input, in words. */
  inputs: string;
  rows: BenchRow[];
  /** Peak resident set size of the section's process while its timed runs ran, bytes. */
  peakRssBytes: number;
  /** Resident set size when the timed runs started (inputs in memory), bytes. */
  baseRssBytes: number;
  /** Whole-section wall time including input generation, seconds. */
  wallSeconds: number;
  /** Set when the section failed: its rows are then empty. */
  error?: string;
}

/** The machine the numbers come from. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  availableParallelism: number;
  totalMemoryBytes: number;
  platform: string;
  node: string;
  onnxruntime: string;
  /** 1-minute load averages at the start and the end: others' work on a shared machine shows here. */
  loadAverageStart: number;
  loadAverageEnd?: number;
}

/** Everything one `gla bench` run wrote. */
export interface BenchReport {
  schemaVersion: 1;
  date: string;
  quick: boolean;
  machine: MachineInfo;
  sections: SectionResult[];
  totalSeconds: number;
}

/** Sizes of every section: the full ImageNet-scale benchmark or the tiny `--quick` one. */
export interface BenchSizes {
  prior: { rows: number; classes: number; runs: number; paperIterations: number };
  evaluate: { rows: number; classes: number; runs: number; alphas: number };
  head: { classes: number; shots: number; dims: number; runs: number; epochRows: number; productRuns: number };
  features: {
    images: number;
    imageSize: number;
    patch: number;
    width: number;
    layers: number;
    heads: number;
    embedDim: number;
    batchSize: number;
    runs: number;
  };
}

/** The issue's ImageNet-scale sizes. */
export const FULL_SIZES: BenchSizes = {
  prior: { rows: 50_000, classes: 1_000, runs: 3, paperIterations: 3 },
  evaluate: { rows: 50_000, classes: 1_000, runs: 5, alphas: 11 },
  head: { classes: 1_000, shots: 16, dims: 512, runs: 3, epochRows: 1_281_167, productRuns: 5 },
  features: {
    images: 192,
    imageSize: 224,
    patch: 32,
    width: 768,
    layers: 12,
    heads: 12,
    embedDim: 512,
    batchSize: 32,
    runs: 3,
  },
};

/** Seconds-long sizes for `--quick` (CI and tests): every code path, nothing ImageNet-scale. */
export const QUICK_SIZES: BenchSizes = {
  prior: { rows: 2_000, classes: 100, runs: 2, paperIterations: 2 },
  evaluate: { rows: 2_000, classes: 100, runs: 2, alphas: 11 },
  head: { classes: 50, shots: 4, dims: 32, runs: 1, epochRows: 5_000, productRuns: 2 },
  features: {
    images: 12,
    imageSize: 64,
    patch: 32,
    width: 32,
    layers: 2,
    heads: 2,
    embedDim: 16,
    batchSize: 4,
    runs: 1,
  },
};

/** An issue's bound on a time: the row's `target` and `met` for a median of `median` seconds against `bound`. */
export function secondsBound(bound: number, median: number, issue: string): Pick<BenchRow, 'target' | 'met'> {
  return {
    target: { bound, direction: 'at most', unit: 's', text: `< ${bound} s, issue ${issue}` },
    met: median < bound,
  };
}
