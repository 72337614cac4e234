import { describe, expect, it } from 'vitest';
import { outputFormat } from '../src/output-format.js';

describe('outputFormat', () => {
  it('follows the extension, lets --format override, and makes stdout JSON', () => {
    expect(outputFormat('m.json', undefined)).toBe('json');
    expect(outputFormat('dir/m.MD', undefined)).toBe('md');
    expect(outputFormat('m.markdown', undefined)).toBe('md');
    expect(outputFormat('m.csv', undefined)).toBe('csv');
    expect(outputFormat('table.tex', undefined)).toBe('tex');
    expect(outputFormat('m.txt', 'csv')).toBe('csv');
    expect(outputFormat('-', undefined)).toBe('json');
    expect(outputFormat('-', 'md')).toBe('md');
  });

  it('refuses an unknown format or an extension that names none', () => {
    expect(() => outputFormat('m.json', 'xlsx')).toThrow("--format: expected json, md, csv, tex, got 'xlsx'");
    expect(() => outputFormat('metrics', undefined)).toThrow(
      "metrics: cannot tell the format from the extension ''; use .json, .md, .csv or .tex, or give --format",
    );
  });
});
