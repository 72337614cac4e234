/**
 * HTML character-reference decoding with the rules of Python's `html.unescape`, which CLIP's
 * tokenizer applies twice before BPE. Only a subset of the HTML5 named references is known here
 * (Latin-1, markup and common typography); unknown names are left untouched, as Python does.
 */

// Latin-1 names for code points 160..255, in order. These are also the "legacy" names that
// HTML allows without a trailing semicolon.
const LATIN1_NAMES = (
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn ' +
  'sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave ' +
  'Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ' +
  'ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN ' +
  'szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute ' +
  'icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml ' +
  'yacute thorn yuml'
).split(' ');

const LEGACY_MARKUP: Record<string, string> = {
  amp: '&',
  AMP: '&',
  lt: '<',
  LT: '<',
  gt: '>',
  GT: '>',
  quot: '"',
  QUOT: '"',
  COPY: '\u00a9',
  REG: '\u00ae',
};

// Names that are only recognised with their semicolon.
const SEMICOLON_ONLY: Record<string, string> = {
  apos: "'",
  hellip: '\u2026',
  mdash: '\u2014',
  ndash: '\u2013',
  lsquo: '\u2018',
  rsquo: '\u2019',
  sbquo: '\u201a',
  ldquo: '\u201c',
  rdquo: '\u201d',
  bdquo: '\u201e',
  bull: '\u2022',
  trade: '\u2122',
  euro: '\u20ac',
  dagger: '\u2020',
  Dagger: '\u2021',
  permil: '\u2030',
  lsaquo: '\u2039',
  rsaquo: '\u203a',
  prime: '\u2032',
  Prime: '\u2033',
  larr: '\u2190',
  rarr: '\u2192',
  uarr: '\u2191',
  darr: '\u2193',
  harr: '\u2194',
  minus: '\u2212',
  le: '\u2264',
  ge: '\u2265',
  ne: '\u2260',
  infin: '\u221e',
  thinsp: '\u2009',
  ensp: '\u2002',
  emsp: '\u2003',
  zwnj: '\u200c',
  zwj: '\u200d',
  lrm: '\u200e',
  rlm: '\u200f',
  OElig: '\u0152',
  oelig: '\u0153',
  Scaron: '\u0160',
  scaron: '\u0161',
  Yuml: '\u0178',
  fnof: '\u0192',
  circ: '\u02c6',
  tilde: '\u02dc',
  alpha: '\u03b1',
  beta: '\u03b2',
  gamma: '\u03b3',
  delta: '\u03b4',
  pi: '\u03c0',
  sigma: '\u03c3',
  mu: '\u03bc',
  deg: '\u00b0',
  star: '\u2606',
  hearts: '\u2665',
  check: '\u2713',
  nbsp: '\u00a0',
};

const LEGACY = new Map<string, string>();
LATIN1_NAMES.forEach((name, i) => LEGACY.set(name, String.fromCodePoint(160 + i)));
for (const [name, value] of Object.entries(LEGACY_MARKUP)) LEGACY.set(name, value);

const WITH_SEMICOLON = new Map<string, string>(LEGACY);
for (const [name, value] of Object.entries(SEMICOLON_ONLY)) WITH_SEMICOLON.set(name, value);

// Numeric references in 0x80..0x9f (and a few others) are read as Windows-1252, as browsers do.
const INVALID_CHARREFS: Record<number, string> = {
  0x00: '\ufffd',
  0x0d: '\r',
  0x80: '\u20ac',
  0x81: '\x81',
  0x82: '\u201a',
  0x83: '\u0192',
  0x84: '\u201e',
  0x85: '\u2026',
  0x86: '\u2020',
  0x87: '\u2021',
  0x88: '\u02c6',
  0x89: '\u2030',
  0x8a: '\u0160',
  0x8b: '\u2039',
  0x8c: '\u0152',
  0x8d: '\x8d',
  0x8e: '\u017d',
  0x8f: '\x8f',
  0x90: '\x90',
  0x91: '\u2018',
  0x92: '\u2019',
  0x93: '\u201c',
  0x94: '\u201d',
  0x95: '\u2022',
  0x96: '\u2013',
  0x97: '\u2014',
  0x98: '\u02dc',
  0x99: '\u2122',
  0x9a: '\u0161',
  0x9b: '\u203a',
  0x9c: '\u0153',
  0x9d: '\x9d',
  0x9e: '\u017e',
  0x9f: '\u0178',
};

/** Code points that HTML forbids as references; Python drops them (empty replacement). */
function isDroppedCodePoint(cp: number): boolean {
  if ((cp >= 0x1 && cp <= 0x8) || (cp >= 0xe && cp <= 0x1f) || (cp >= 0x7f && cp <= 0x9f)) return true;
  if (cp >= 0xfdd0 && cp <= 0xfdef) return true;
  if (cp === 0xb) return true;
  // U+xFFFE and U+xFFFF of every plane are non-characters.
  return (cp & 0xfffe) === 0xfffe;
}

const REFERENCE = /&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)/g;

function decodeReference(body: string): string {
  if (body.startsWith('#')) {
    const hex = body[1] === 'x' || body[1] === 'X';
    const digits = body.slice(hex ? 2 : 1).replace(/;$/, '');
    const cp = Number.parseInt(digits, hex ? 16 : 10);
    if (cp in INVALID_CHARREFS) return INVALID_CHARREFS[cp];
    if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return '\ufffd';
    if (isDroppedCodePoint(cp)) return '';
    return String.fromCodePoint(cp);
  }
  if (body.endsWith(';')) {
    const named = WITH_SEMICOLON.get(body.slice(0, -1));
    if (named !== undefined) return named;
  }
  // Without a semicolon only legacy names apply, and the longest legacy prefix wins.
  for (let end = body.length; end > 1; end--) {
    const named = LEGACY.get(body.slice(0, end));
    if (named !== undefined) return named + body.slice(end);
  }
  return `&${body}`;
}

/**
 * Decodes numeric (`&#233;`, `&#xe9;`) and named (`&amp;`, `&eacute;`) character references the way
 * Python's `html.unescape` does; unknown references are left as written.
 */
export function htmlUnescape(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (_match, body: string) => decodeReference(body));
}
