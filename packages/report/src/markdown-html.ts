import MarkdownIt from 'markdown-it';

// CommonMark plus GitHub tables and strikethrough, as GitHub shows the README. Raw HTML in the text is
// escaped (`html: false`): report prose is data, never markup. One shared, stateless instance.
const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false });

/**
 * Renders Markdown blocks (paragraphs, lists, emphasis, code, links,
 * tables) to HTML with markdown-it, the way GitHub shows the same text in a
 * README. Raw HTML in `text` is escaped, not passed through. Ends with one
 * newline when not empty.
 */
export function markdownToHtml(text: string): string {
  return md.render(text);
}

/**
 * Renders one line of inline Markdown (emphasis, code spans, links; no
 * paragraph wrapper) to HTML, for captions, table notes and cells. Line
 * breaks inside `text` become spaces first so the result is one line.
 */
export function markdownInlineToHtml(text: string): string {
  return md.renderInline(text.replace(/\r?\n/g, ' '));
}
