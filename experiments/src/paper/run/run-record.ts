import type { ManyShotMetrics } from '../pipelines/many-shot-pipeline.js';
import type { FewShotMetrics } from '../pipelines/few-shot-pipeline.js';
import type { LongTailMetrics } from '../pipelines/long-tail-pipeline.js';
import type { StageCounts } from '../../engine/stage-runner.js';

/** Any experiment's metrics. */
export type PaperMetrics = ManyShotMetrics | FewShotMetrics | LongTailMetrics;

/** The `metrics.json` of a run directory: everything `gla report` needs, accuracies as fractions. */
export interface RunRecord {
  schema: 'gla-paper-run/1';
  experiment: string;
  kind: PaperMetrics['kind'];
  title: string;
  backbone: string;
  runId: string;
  createdAt: string;
  /** The config file as given. */
  configFile: string;
  /** The paper reference file (resolved), if the config names one. */
  paperReference: string | null;
  dataMode: 'logits' | 'images' | 'simulated';
  /** Kind of each model source (`onnx`, `linear-head`, `logits`, ...). */
  models: {
    zeroShot: string;
    fineTuned: string;
    wiseFt: string;
    /** The zero-shot logit scale used and its source (ONNX exports only). */
    zeroShotLogitScale?: { value: number; source: 'config' | 'manifest' | 'default' };
  };
  /** The config's notes plus what the run itself needs said (e.g. linear head instead of prompt tuning). */
  notes: string[];
  metrics: PaperMetrics;
  stages: StageCounts;
  seconds: number;
}

/** Reads the fields of a parsed `metrics.json` that the report relies on; throws naming the file otherwise. */
export function checkRunRecord(value: unknown, file: string): RunRecord {
  const v = value as Partial<RunRecord> | null;
  if (
    v?.schema !== 'gla-paper-run/1' ||
    !v.metrics ||
    !['many-shot', 'few-shot', 'long-tail'].includes(String(v.kind))
  ) {
    throw new Error(`${file}: not a gla run record (schema gla-paper-run/1)`);
  }
  return v as RunRecord;
}
