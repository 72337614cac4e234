import { describe, expect, it } from 'vitest';
import { markdownInlineToHtml, markdownToHtml } from '../src/index.js';

// Expected HTML is CommonMark's, written by hand from the spec's examples.
describe('markdownToHtml / markdownInlineToHtml (markdown-it)', () => {
  it('renders emphasis, code, links and lists as GitHub does', () => {
    expect(markdownToHtml('**Bold** and `code` and *em*.\n\n- one\n- [two](b.md)')).toBe(
      '<p><strong>Bold</strong> and <code>code</code> and <em>em</em>.</p>\n<ul>\n<li>one</li>\n<li><a href="b.md">two</a></li>\n</ul>\n',
    );
  });

  it('escapes raw HTML instead of passing it through', () => {
    expect(markdownToHtml('a <script>x</script> & b')).toBe('<p>a &lt;script&gt;x&lt;/script&gt; &amp; b</p>\n');
  });

  it('renders one inline line without a paragraph', () => {
    expect(markdownInlineToHtml('log `pi_s`, **GLA**\nwins')).toBe('log <code>pi_s</code>, <strong>GLA</strong> wins');
    expect(markdownInlineToHtml('pi_s and q_j stay as written')).toBe('pi_s and q_j stay as written');
  });
});
