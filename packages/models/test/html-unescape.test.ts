import { describe, expect, it } from 'vitest';
import { htmlUnescape } from '../src/html-unescape.js';

describe('htmlUnescape (Python html.unescape rules)', () => {
  it('decodes named, decimal and hex references', () => {
    expect(htmlUnescape('&amp; &lt;b&gt; &quot;x&quot; &apos;')).toBe('& <b> "x" \'');
    expect(htmlUnescape('caf&eacute; &#233; &#xE9; &#Xe9;')).toBe('café é é é');
    expect(htmlUnescape('&hellip;&mdash;&trade;')).toBe('…—™');
  });

  it('accepts legacy names without a semicolon, using the longest legacy prefix', () => {
    expect(htmlUnescape('&amp &copy2023 &notit')).toBe('& ©2023 ¬it');
    expect(htmlUnescape('&hellip')).toBe('&hellip');
  });

  it('maps numeric references the HTML5 way', () => {
    expect(htmlUnescape('&#128;&#150;')).toBe('€–'); // Windows-1252 range
    expect(htmlUnescape('&#0;&#xD800;&#x110000;')).toBe('\ufffd\ufffd\ufffd');
    expect(htmlUnescape('a&#1;b&#xFFFF;c')).toBe('abc');
  });

  it('leaves unknown references and bare ampersands alone', () => {
    expect(htmlUnescape('&unknown; & &#; R&D')).toBe('&unknown; & &#; R&D');
  });
});
