import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centerCropOffset, resizedSize, roundHalfEven } from '../../src/preprocess/clip-geometry.js';

describe('CLIP resize and crop geometry', () => {
  it('sets the shorter side to the size and truncates the longer one', () => {
    expect(resizedSize(500, 375, 224)).toEqual({ width: 298, height: 224 }); // 298.67 -> 298
    expect(resizedSize(375, 500, 224)).toEqual({ width: 224, height: 298 });
    expect(resizedSize(300, 300, 224)).toEqual({ width: 224, height: 224 });
    expect(resizedSize(100, 60, 224)).toEqual({ width: 373, height: 224 }); // 373.33
  });

  it("rounds ties to even like Python's round()", () => {
    expect([0.5, 1.5, 2.5, 3.5, -0.5, 1.2, 1.7].map(roundHalfEven)).toEqual([0, 2, 2, 4, 0, 1, 2]);
  });

  it("centres the crop with torchvision's offsets", () => {
    expect(centerCropOffset(224, 224, 224)).toEqual({ left: 0, top: 0 });
    expect(centerCropOffset(225, 224, 224)).toEqual({ left: 0, top: 0 }); // round(0.5) = 0
    expect(centerCropOffset(226, 224, 224)).toEqual({ left: 1, top: 0 });
    expect(centerCropOffset(227, 224, 224)).toEqual({ left: 2, top: 0 }); // round(1.5) = 2
    expect(centerCropOffset(229, 224, 224)).toEqual({ left: 2, top: 0 }); // round(2.5) = 2
    expect(centerCropOffset(224, 298, 224)).toEqual({ left: 0, top: 37 });
  });

  it('always yields a crop inside the resized image', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 512 }),
        (w, h, s) => {
          const r = resizedSize(w, h, s);
          expect(Math.min(r.width, r.height)).toBe(s);
          const { left, top } = centerCropOffset(r.width, r.height, s);
          expect(left >= 0 && top >= 0 && left + s <= r.width && top + s <= r.height).toBe(true);
        },
      ),
    );
  });
});
