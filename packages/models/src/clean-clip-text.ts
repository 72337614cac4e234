import { htmlUnescape } from './html-unescape.js';

/**
 * Text clean-up applied by CLIP's tokenizer before BPE: `ftfy.fix_text`, `html.unescape` twice,
 * whitespace collapsing and lower-casing. ftfy is approximated by the fixes that matter for
 * prompts (NFC, curly quotes, Latin ligatures, full-width forms, control characters); its
 * mojibake repair is not reproduced, because prompts and class names here are clean UTF-8.
 */

// Python's str.isspace() set, which `\s` and str.strip() use; JavaScript's `\s` differs
// (it lacks U+001C..U+001F and adds U+FEFF).
const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const SPACE_RUN = new RegExp(`[${PY_SPACE}]+`, 'gu');
const EDGE_SPACE = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'gu');

// ftfy removes these control and formatting characters.
const CONTROL = /[\x00-\x08\x0b\x0e-\x1f\x7f\u206a-\u206f\ufeff\ufff9-\ufffc\u{1d173}-\u{1d17a}\u{e0000}-\u{e007f}]/gu;
const SINGLE_QUOTES = /[\u02bc\u2018\u2019\u201a\u201b]/g;
const DOUBLE_QUOTES = /[\u201c\u201d\u201e\u201f]/g;
const LIGATURES: Record<string, string> = {
  '\u0132': 'IJ',
  '\u0133': 'ij',
  '\u0149': '\u02bcn',
  '\u01c4': 'D\u017d',
  '\u01c5': 'D\u017e',
  '\u01c6': 'd\u017e',
  '\u01c7': 'LJ',
  '\u01c8': 'Lj',
  '\u01c9': 'lj',
  '\u01ca': 'NJ',
  '\u01cb': 'Nj',
  '\u01cc': 'nj',
  '\u01f1': 'DZ',
  '\u01f2': 'Dz',
  '\u01f3': 'dz',
  '\ufb00': 'ff',
  '\ufb01': 'fi',
  '\ufb02': 'fl',
  '\ufb03': 'ffi',
  '\ufb04': 'ffl',
  '\ufb05': '\u017ft',
  '\ufb06': 'st',
};
const LIGATURE = new RegExp(`[${Object.keys(LIGATURES).join('')}]`, 'g');
// Full-width ASCII, the ideographic space and half-width katakana/hangul take their NFKC form.
const WIDE_OR_HALF = /[\u3000\uff01-\uffee]/g;

/** Python-compatible `str.strip()`. */
function stripPython(text: string): string {
  return text.replace(EDGE_SPACE, '');
}

/** The subset of `ftfy.fix_text` described in this module's header, ending with NFC. */
function fixText(text: string): string {
  // ftfy's automatic HTML unescaping only runs on text that has no literal '<'.
  let fixed = text.includes('<') ? text : htmlUnescape(text);
  fixed = fixed.replace(/\r\n?/g, '\n').replace(CONTROL, '');
  fixed = fixed.replace(LIGATURE, (c) => LIGATURES[c]);
  fixed = fixed.replace(WIDE_OR_HALF, (c) => c.normalize('NFKC'));
  fixed = fixed.replace(SINGLE_QUOTES, "'").replace(DOUBLE_QUOTES, '"');
  return fixed.normalize('NFC');
}

/**
 * Cleans a prompt the way CLIP's `simple_tokenizer` does before pre-tokenisation:
 * ftfy-style fixes, HTML unescaping twice, Python-style whitespace collapsing to single spaces,
 * trimming, and lower-casing.
 */
export function cleanClipText(text: string): string {
  const basic = stripPython(htmlUnescape(htmlUnescape(fixText(text))));
  return stripPython(basic.replace(SPACE_RUN, ' ')).toLowerCase();
}
