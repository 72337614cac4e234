import { describe, expect, it } from 'vitest';
import { matrix } from '@gla/core';
import { applyTemperatureRule, parseTemperatureRule } from '../src/temperature-rule.js';

describe('the temperature vocabulary', () => {
  it('parses none, confidence (auto is the same), nll and positive numbers', () => {
    expect(parseTemperatureRule('none')).toEqual({ rule: 'none' });
    expect(parseTemperatureRule('confidence')).toEqual({ rule: 'confidence' });
    expect(parseTemperatureRule('auto')).toEqual({ rule: 'confidence' });
    expect(parseTemperatureRule('nll')).toEqual({ rule: 'nll' });
    expect(parseTemperatureRule('1.5')).toEqual({ rule: 'given', value: 1.5 });
    for (const bad of ['0', '-1', '', 'warm', 'Infinity'])
      expect(() => parseTemperatureRule(bad, '--t')).toThrow(
        `--t: expected none, confidence, nll or a positive number, got '${bad}'`,
      );
  });

  it('applies a rule: none is 1, a number as given, confidence matches confidence to accuracy', () => {
    // none and a number ignore the data.
    const logits = matrix(Float64Array.from([1, 0, 0, 3]), 2, 2);
    const labels = Int32Array.from([0, 1]);
    expect(applyTemperatureRule({ rule: 'none' }, logits, labels)).toEqual({ rule: 'none', value: 1 });
    expect(applyTemperatureRule({ rule: 'given', value: 2 }, logits, labels)).toEqual({ rule: 'given', value: 2 });
    const half = matrix(Float64Array.from([2, 0, 2, 0]), 2, 2);
    const t = applyTemperatureRule({ rule: 'confidence' }, half, Int32Array.from([0, 1]));
    // Both rows predict class 0 with margin 2: accuracy 0.5; confidence 1 / (1 + e^(-2/T)) = 0.5 only as T -> inf,
    // so the match is within 0.1 pp at a large T where 1 / (1 + e^(-2/T)) <= 0.501.
    expect(t.rule).toBe('confidence');
    expect(1 / (1 + Math.exp(-2 / t.value))).toBeLessThanOrEqual(0.501 + 1e-9);
  });
});
