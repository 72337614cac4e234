import type { RunRecord } from '../paper/run/run-record.js';

/** `results.json` of the demo: every number of its runs, without what changes between two runs (times, paths). */
export interface DemoResults {
  schema: 'gla-demo/2';
  /** Per config of `configs/demo/`, by experiment name: what `gla run` recorded in its `metrics.json`. */
  runs: Record<
    string,
    Pick<RunRecord, 'title' | 'kind' | 'backbone' | 'configFile' | 'dataMode' | 'models' | 'notes' | 'metrics'>
  >;
}

/**
 * Gathers the runs' metrics into one document. Leaves out `createdAt`, `seconds`, the stage counts and the run id,
 * so that two demos computing the same numbers write the same bytes (a resumed demo included), and every `null`
 * (a split with no head / medium / tail groups): an absent key means "not computed", never a number.
 */
export function demoResults(records: readonly RunRecord[]): DemoResults {
  return withoutNulls({
    schema: 'gla-demo/2',
    runs: Object.fromEntries(
      records.map((r) => [
        r.experiment,
        {
          title: r.title,
          kind: r.kind,
          backbone: r.backbone,
          configFile: r.configFile,
          dataMode: r.dataMode,
          models: r.models,
          notes: r.notes,
          metrics: r.metrics,
        },
      ]),
    ),
  });
}

/** A JSON value with every object key whose value is null left out (arrays keep their length). */
function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutNulls) as T;
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  ) as T;
}
