import { describe, expect, it } from 'vitest';
import { featureStreamThreshold } from '../../../src/paper/stages/feature-stream-threshold.js';

describe('featureStreamThreshold', () => {
  it('is 1 GiB unless GLA_FEATURE_STREAM_BYTES says otherwise', () => {
    expect(featureStreamThreshold({})).toBe(1_073_741_824);
    expect(featureStreamThreshold({ GLA_FEATURE_STREAM_BYTES: '' })).toBe(1_073_741_824);
    expect(featureStreamThreshold({ GLA_FEATURE_STREAM_BYTES: '0' })).toBe(0);
    expect(featureStreamThreshold({ GLA_FEATURE_STREAM_BYTES: '2000000000' })).toBe(2e9);
  });

  it('refuses a value that is not a number of bytes, naming the variable', () => {
    for (const bad of ['-1', '1.5', '1e9', 'lots'])
      expect(() => featureStreamThreshold({ GLA_FEATURE_STREAM_BYTES: bad })).toThrow(
        `GLA_FEATURE_STREAM_BYTES=${bad}: expected a number of bytes (a non-negative integer)`,
      );
  });
});
