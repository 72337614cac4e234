import type { BenchReport, BenchRow, SectionResult } from './bench-types.js';
import { megabytes } from './measure.js';

/** A number with about three significant digits and thousands separators for large values. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return Number(value.toPrecision(3)).toString();
}

function verdict(row: BenchRow): string {
  if (!row.target) return '';
  if (row.met === undefined) return `not judged at --quick sizes (${row.target.text})`;
  return row.met
    ? `met (${row.target.text})`
    : `**missed** (${row.target.text}; measured ${formatValue(row.value)} ${row.unit})`;
}

function timingCell(row: BenchRow): string {
  const t = row.timing;
  if (!t) return '';
  const cpu = t.cpuMedian !== undefined ? `; CPU ${formatValue(t.cpuMedian)} s` : '';
  return t.runs > 1
    ? `${formatValue(t.min)} / ${formatValue(t.max)} s (${t.runs} runs${cpu})`
    : `${formatValue(t.min)} s (1 run${cpu})`;
}

/** Each reference's figure and the ratio project / reference, or why it was skipped. */
export function referencesCell(row: BenchRow): string {
  return (row.references ?? [])
    .map((r) =>
      r.seconds !== undefined
        ? `${r.name}: ${formatValue(r.seconds)} s (ratio ${formatValue(r.ratio ?? 0)})`
        : `${r.name}: skipped (${r.skipped})`,
    )
    .join('; ');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** One Markdown table per section: measured value, min / max, target verdict, notes; then memory. */
export function sectionMarkdown(section: SectionResult): string {
  const lines = [
    `## ${section.title}`,
    '',
    `Inputs: ${escapeCell(section.inputs)}.`,
    '',
    ...(section.error ? [`**The section failed:** ${escapeCell(section.error)}`, ''] : []),
    '| measurement | value (median) | min / max (runs; median CPU time of all threads) | in-run references (ratio project / reference) | target | notes |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of section.rows) {
    lines.push(
      `| ${escapeCell(row.name)} | ${formatValue(row.value)} ${row.unit} | ${timingCell(row)} | ${escapeCell(referencesCell(row))} | ${verdict(row)} | ${escapeCell((row.notes ?? []).join('; '))} |`,
    );
  }
  lines.push(
    '',
    `Peak RSS of the section's process during its timed runs: ${megabytes(section.peakRssBytes)} (${megabytes(section.baseRssBytes)} when they started, inputs loaded); section wall time including input generation ${formatValue(section.wallSeconds)} s.`,
    '',
  );
  return lines.join('\n');
}

/** The whole report as Markdown: machine, a summary of the targets, then every section. */
export function benchMarkdown(report: BenchReport): string {
  const m = report.machine;
  const targets = report.sections.flatMap((s) => s.rows.filter((r) => r.target).map((r) => ({ s, r })));
  const lines = [
    `# gla benchmark, ${report.date}${report.quick ? ' (--quick: tiny sizes, not the targets)' : ''}`,
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores (${m.availableParallelism} usable), ${megabytes(m.totalMemoryBytes)} RAM, ${m.platform}; Node ${m.node}, onnxruntime-node ${m.onnxruntime}.`,
    `1-minute load average ${m.loadAverageStart.toFixed(2)} at the start, ${m.loadAverageEnd?.toFixed(2) ?? '?'} at the end: other work on the machine slows every figure below.`,
    `Values are medians of the runs given; every input is generated deterministically by the benchmark; targets are the issue's, unchanged.`,
    '',
    '| target | measured | verdict |',
    '| --- | --- | --- |',
    ...targets.map(
      ({ r }) =>
        `| ${escapeCell(r.name)} | ${formatValue(r.value)} ${r.unit} | ${r.met === undefined ? 'not judged' : r.met ? 'met' : '**missed**'} (${r.target?.text}) |`,
    ),
    '',
    ...report.sections.map(sectionMarkdown),
    `Total wall time ${formatValue(report.totalSeconds)} s.`,
    '',
  ];
  return lines.join('\n');
}

/** A few lines for the terminal: each target with its verdict, then where the files are. */
export function benchSummary(report: BenchReport): string[] {
  const m = report.machine;
  const out = [
    `machine: ${m.cores} cores (${m.cpuModel}), Node ${m.node}, onnxruntime-node ${m.onnxruntime}, load ${m.loadAverageStart.toFixed(2)} -> ${m.loadAverageEnd?.toFixed(2) ?? '?'}`,
  ];
  for (const section of report.sections) {
    for (const row of section.rows) {
      const cpu = row.timing?.cpuMedian !== undefined ? `, CPU ${formatValue(row.timing.cpuMedian)} s` : '';
      const t =
        row.timing && row.timing.runs > 1
          ? ` [min ${formatValue(row.timing.min)}, max ${formatValue(row.timing.max)} s, ${row.timing.runs} runs${cpu}]`
          : cpu
            ? ` [${cpu.slice(2)}]`
            : '';
      const v = row.target
        ? ` -> ${row.met === undefined ? 'not judged (--quick)' : row.met ? 'met' : 'MISSED'} (${row.target.text})`
        : '';
      out.push(`${section.section}: ${row.name}: ${formatValue(row.value)} ${row.unit}${t}${v}`);
      if (row.references?.length) out.push(`${section.section}:   references: ${referencesCell(row)}`);
    }
    if (section.error) out.push(`${section.section}: FAILED: ${section.error}`);
    else out.push(`${section.section}: peak RSS ${megabytes(section.peakRssBytes)}`);
  }
  return out;
}
