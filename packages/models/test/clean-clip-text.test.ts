import { describe, expect, it } from 'vitest';
import { cleanClipText } from '../src/clean-clip-text.js';

describe('cleanClipText', () => {
  it('lower-cases, collapses Unicode whitespace to single spaces and trims', () => {
    expect(cleanClipText('  A\u00a0Photo \t\n of\x0cA  DOG\u2029\u3000 ')).toBe('a photo of a dog');
    // ftfy deletes C0 controls such as \x1c before whitespace is collapsed.
    expect(cleanClipText('of\x1cA')).toBe('ofa');
  });

  it('unescapes HTML twice (three times without a literal "<", as ftfy does)', () => {
    expect(cleanClipText('&amp;lt;b&amp;gt;')).toBe('<b>');
    expect(cleanClipText('&amp;amp;lt;')).toBe('<');
    expect(cleanClipText('<i>&amp;amp;amp;</i>')).toBe('<i>&amp;</i>');
  });

  it('applies the ftfy fixes prompts can need: NFC, quotes, ligatures, full-width, controls', () => {
    expect(cleanClipText('Cre\u0300me')).toBe('crème');
    expect(cleanClipText('\u2018dog\u2019 \u201ccat\u201d')).toBe('\'dog\' "cat"');
    expect(cleanClipText('\ufb01sh \ufb02ower')).toBe('fish flower');
    expect(cleanClipText('\uff21\uff22\uff23\uff11')).toBe('abc1');
    expect(cleanClipText('a\u200b?\ufeffb\x07c')).toBe('a\u200b?bc');
  });
});
