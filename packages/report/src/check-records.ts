import { messages } from './messages.js';

/**
 * Throws (naming the plot, the record and the field) unless `records` is
 * non-empty and every listed field of every record is a finite number.
 */
export function requireFiniteRecords<T extends object>(
  plot: string,
  records: readonly T[],
  fields: readonly (keyof T & string)[],
): void {
  if (records.length === 0) throw new Error(messages.emptyPlotData(plot));
  records.forEach((r, i) => {
    for (const f of fields) {
      const v = (r as Record<string, unknown>)[f];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(messages.nonFinitePlotValue(plot, f, i));
    }
  });
}
