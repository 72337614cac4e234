import { describe, expect, it } from 'vitest';
import { parseSweep, parseWiseFt } from '../../src/evaluate/parse-alphas.js';

describe('alpha flags of gla evaluate', () => {
  it('--sweep alone is 0, 0.1, ..., 1; a list is taken as given', () => {
    expect(parseSweep(true)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(parseSweep(undefined)).toEqual([]);
    expect(parseSweep('0, 0.25,1')).toEqual([0, 0.25, 1]);
    expect(() => parseSweep('0,1.5')).toThrow("--sweep: expected numbers in [0, 1] separated by commas, got '0,1.5'");
    expect(() => parseSweep('0,,1')).toThrow(/--sweep: expected numbers/);
    expect(() => parseSweep('0.5,0.5')).toThrow("--sweep: alpha listed twice in '0.5,0.5'");
  });

  it('--wise-ft alpha=file, sorted by alpha; a file name may hold =', () => {
    expect(parseWiseFt(['0.7=b.npy', '0.2=dir/a=1.npy'])).toEqual([
      { alpha: 0.2, file: 'dir/a=1.npy' },
      { alpha: 0.7, file: 'b.npy' },
    ]);
    expect(parseWiseFt(undefined)).toEqual([]);
    for (const bad of ['a.npy', '=a.npy', '0.5=', 'x=a.npy', '-0.1=a.npy'])
      expect(() => parseWiseFt([bad])).toThrow(/--wise-ft: expected <alpha>=<logits.npy>/);
    expect(() => parseWiseFt(['0.5=a.npy', '0.50=b.npy'])).toThrow('--wise-ft: alpha 0.5 given twice');
  });
});
