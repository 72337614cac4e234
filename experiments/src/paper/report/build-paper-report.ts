import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  writePlotFiles,
  writeReportFiles,
  writeTableFiles,
  type ReportPage,
  type ReportSection,
  type ResultTable,
} from '@gla/report';
import { PipelineError } from '../../engine/pipeline-error.js';
import { checkRunRecord, type RunRecord } from '../run/run-record.js';
import { headlineGainsTable } from '../tables/headline-gains-table.js';
import { loadPaperReference, type PaperReference } from '../tables/paper-reference.js';
import { runPlots } from '../tables/run-plots.js';
import { runTables } from '../tables/run-tables.js';

/** Options of {@link buildPaperReport}. */
export interface PaperReportOptions {
  /** Run directories written by `gla run` (each holds `metrics.json`). */
  runDirs: readonly string[];
  /** Output folder (tables/, plots/, README.md, index.html). */
  out: string;
  /** Paper reference overriding the one each run recorded. */
  paperReference?: string;
  /** The page's title, introduction and sections after the runs' (the demo's); default the paper report's. */
  page?: { title: string; intro: string; closing?: ReportSection[] };
  log?: (line: string) => void;
}

/** What the report wrote. */
export interface PaperReport {
  out: string;
  files: string[];
  tables: Record<string, ResultTable>;
}

/** Reads a run directory's `metrics.json`. @throws PipelineError naming the file. */
export async function readRunRecord(runDir: string): Promise<RunRecord> {
  const file = join(runDir, 'metrics.json');
  const text = await readFile(file, 'utf8').catch(() => {
    throw new PipelineError(`${file}: file not found (is ${runDir} a run directory of gla run?)`);
  });
  try {
    return checkRunRecord(JSON.parse(text), file);
  } catch (error) {
    throw new PipelineError(
      (error as Error).message.startsWith(file) ? (error as Error).message : `${file}: ${(error as Error).message}`,
    );
  }
}

/**
 * `gla report <run dirs...>`: the paper-layout tables of every run (Markdown, CSV, LaTeX, JSON) with our numbers,
 * the paper's where known and the difference; the headline gains of all runs together; the figures; one page.
 * Multi-seed cells are mean ± std (np.std).
 */
export async function buildPaperReport(options: PaperReportOptions): Promise<PaperReport> {
  const log = options.log ?? (() => {});
  const records: RunRecord[] = [];
  for (const dir of options.runDirs) records.push(await readRunRecord(dir));
  const references = new Map<string, PaperReference>();
  const referenceOf = (record: RunRecord): PaperReference | undefined => {
    const file = options.paperReference ?? record.paperReference;
    if (!file) return undefined;
    if (!references.has(file)) references.set(file, loadPaperReference(file));
    return references.get(file);
  };
  const files: string[] = [];
  const tables: Record<string, ResultTable> = {};
  const sections: ReportSection[] = [];
  const plots = runPlots(records);
  for (const [name, spec] of Object.entries(plots)) {
    await writePlotFiles(options.out, name, spec);
    files.push(`${name}.svg`, `${name}.png`, `${name}.vl.json`);
  }
  for (const record of records) {
    const named = runTables(record, referenceOf(record)).filter((t) => t.name !== 'headline-gains');
    for (const { name, table } of named) {
      const base = `${record.experiment}-${name}`;
      tables[base] = table;
      const written = await writeTableFiles(join(options.out, 'tables'), base, table, { markdown: { boldBest: true } });
      files.push(...Object.values(written).map((f) => `tables/${(f as string).split('/').pop()}`));
    }
    sections.push({
      // The heading is the run's title alone; where it ran (backbone, run id, data mode) is said once, below it.
      title: record.title,
      text: `Backbone: ${record.backbone}; run ${record.runId} (${record.dataMode} mode). Models: zero-shot ${record.models.zeroShot}, fine-tuned ${record.models.fineTuned}, WiSE-FT ${record.models.wiseFt}. Config: \`${record.configFile}\`.`,
      tables: named.map((t) => t.table),
      figures: Object.keys(plots)
        .filter((p) => p.startsWith(`${record.experiment}-`))
        .map((p) => ({ file: `${p}.svg`, alt: p })),
    });
  }
  // The headline gains set runs beside the paper's abstract: only for runs on real data.
  const real = records.filter((r) => r.dataMode !== 'simulated');
  const headlineSections: ReportSection[] = [];
  if (real.length > 0) {
    const headline = headlineGainsTable(
      real.map((r) => ({ title: r.title, metrics: r.metrics })),
      real.map(referenceOf).find((r) => r !== undefined),
    );
    tables['headline-gains'] = headline;
    const written = await writeTableFiles(join(options.out, 'tables'), 'headline-gains', headline);
    files.push(...Object.values(written).map((f) => `tables/${(f as string).split('/').pop()}`));
    headlineSections.push({ title: 'Headline gains', tables: [headline] });
  }
  const page: ReportPage = {
    title: options.page?.title ?? 'GLA paper tables: our runs side by side with the paper',
    intro:
      options.page?.intro ??
      [
        'Accuracies in percent. "(paper)" columns hold the paper\'s numbers where they are verified and n/a everywhere else; Δ = ours − paper in percentage points.',
        'Regenerate with `pnpm gla report <run dirs...>`; never edit by hand.',
      ].join('\n\n'),
    sections: [...headlineSections, ...sections, ...(options.page?.closing ?? [])],
  };
  await writeReportFiles(options.out, page, { html: true, boldBest: true });
  files.push('README.md', 'index.html');
  log(`wrote ${files.length} files to ${options.out} (report: ${join(options.out, 'README.md')})`);
  return { out: options.out, files, tables };
}
