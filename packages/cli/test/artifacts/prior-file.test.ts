import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPriorMetadata } from '../../src/artifacts/prior-file.js';
import { tempDir } from '../cli-harness.js';

describe('readPriorMetadata', () => {
  const dir = tempDir();
  const write = (name: string, value: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
    return file;
  };

  it('reads the temperature an estimate-prior file records, the earlier rule name auto meaning confidence', () => {
    expect(
      readPriorMetadata(
        write('new.json', { prior: [0.5, 0.5], temperature: 1.25, temperatureRule: 'nll', solver: 'exact' }),
      ),
    ).toEqual({
      temperature: 1.25,
      temperatureRule: 'nll',
      solver: 'exact',
    });
    expect(
      readPriorMetadata(write('old.json', { prior: [1], temperature: 0.8, temperatureRule: 'auto' })),
    ).toMatchObject({
      temperature: 0.8,
      temperatureRule: 'confidence',
    });
  });

  it('finds no temperature in a bare prior, the authors q, a .npy or a temperature that is not a positive number', () => {
    expect(readPriorMetadata(write('bare.json', [0.2, 0.8]))).toEqual({});
    expect(readPriorMetadata(write('q.json', { q: [0.2, 0.8] }))).toEqual({});
    expect(readPriorMetadata(join(dir, 'prior.npy'))).toEqual({});
    expect(readPriorMetadata(write('zero.json', { prior: [1], temperature: 0 }))).toEqual({});
    expect(readPriorMetadata(write('text.json', { prior: [1], temperature: '1.2' }))).toEqual({});
  });
});
