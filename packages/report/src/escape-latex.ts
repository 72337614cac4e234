import { messages } from './messages.js';

/**
 * Text-mode replacements. `< > |` are here because the default OT1 font
 * encoding prints them as `¡ ¿ —`; the rest are TeX's special characters.
 */
const TEXT: Record<string, string> = {
  '\\': '\\textbackslash{}',
  _: '\\_',
  '%': '\\%',
  '&': '\\&',
  '#': '\\#',
  $: '\\$',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
  '\u00a0': '~',
  '\u2009': '\\,',
  '\u202f': '\\,',
  '…': '\\ldots{}',
  '—': '---',
  '–': '--',
  '‘': '`',
  '’': "'",
  '“': '``',
  '”': "''",
  '«': '<<',
  '»': '>>',
  '•': '\\textbullet{}',
  '§': '\\S{}',
  '¶': '\\P{}',
  '©': '\\copyright{}',
  '£': '\\pounds{}',
  '‰': '\\textperthousand{}',
  ß: '\\ss{}',
  æ: '\\ae{}',
  Æ: '\\AE{}',
  œ: '\\oe{}',
  Œ: '\\OE{}',
  ø: '\\o{}',
  Ø: '\\O{}',
  å: '\\aa{}',
  Å: '\\AA{}',
  ł: '\\l{}',
  Ł: '\\L{}',
  ı: '\\i{}',
};

/** Math-mode replacements (written without `$`; adjacent ones share one `$…$`). */
const MATH: Record<string, string> = {
  '±': '\\pm',
  '∓': '\\mp',
  '×': '\\times',
  '÷': '\\div',
  '·': '\\cdot',
  '−': '-',
  '∗': '\\ast',
  '≈': '\\approx',
  '≃': '\\simeq',
  '∼': '\\sim',
  '≤': '\\leq',
  '≥': '\\geq',
  '≠': '\\neq',
  '≡': '\\equiv',
  '≪': '\\ll',
  '≫': '\\gg',
  '∝': '\\propto',
  '→': '\\rightarrow',
  '←': '\\leftarrow',
  '↔': '\\leftrightarrow',
  '⇒': '\\Rightarrow',
  '⇔': '\\Leftrightarrow',
  '↑': '\\uparrow',
  '↓': '\\downarrow',
  '∞': '\\infty',
  '√': '\\surd',
  '∑': '\\sum',
  '∏': '\\prod',
  '∫': '\\int',
  '∈': '\\in',
  '∉': '\\notin',
  '⊂': '\\subset',
  '∪': '\\cup',
  '∩': '\\cap',
  '∂': '\\partial',
  '∇': '\\nabla',
  '∀': '\\forall',
  '∃': '\\exists',
  '‖': '\\|',
  '°': '^{\\circ}',
  '′': "'",
  '″': "''",
  '½': '\\frac{1}{2}',
  '¼': '\\frac{1}{4}',
  '¾': '\\frac{3}{4}',
  µ: '\\mu',
  '¬': '\\neg',
  '∧': '\\wedge',
  '∨': '\\vee',
  '⊙': '\\odot',
  '⊕': '\\oplus',
  '⊗': '\\otimes',
  '∘': '\\circ',
};

const GREEK_NAMES = [
  'alpha',
  'beta',
  'gamma',
  'delta',
  'epsilon',
  'zeta',
  'eta',
  'theta',
  'iota',
  'kappa',
  'lambda',
  'mu',
  'nu',
  'xi',
  'omicron',
  'pi',
  'rho',
  'final sigma',
  'sigma',
  'tau',
  'upsilon',
  'phi',
  'chi',
  'psi',
  'omega',
];
// Lower case α (U+03B1) … ω (U+03C9) in code-point order; ο and ς have no command of their own.
GREEK_NAMES.forEach((name, i) => {
  const ch = String.fromCodePoint(0x3b1 + i);
  MATH[ch] = name === 'omicron' ? 'o' : name === 'final sigma' ? '\\varsigma' : `\\${name}`;
  // Upper case Α (U+0391) …: TeX has commands only for the ones that differ from Latin letters.
  const upper = String.fromCodePoint(0x391 + i);
  const latin: Record<string, string> = {
    alpha: 'A',
    beta: 'B',
    epsilon: 'E',
    zeta: 'Z',
    eta: 'H',
    iota: 'I',
    kappa: 'K',
    mu: 'M',
    nu: 'N',
    omicron: 'O',
    rho: 'P',
    tau: 'T',
    chi: 'X',
  };
  if (name === 'final sigma') return; // U+03A2 is unassigned
  MATH[upper] = latin[name] ?? `\\${name[0].toUpperCase()}${name.slice(1)}`;
});
// The shapes of ε and φ are TeX's \varepsilon and \varphi; ϵ and ϕ are the other forms.
Object.assign(MATH, { ϵ: '\\epsilon', ε: '\\varepsilon', ϕ: '\\phi', φ: '\\varphi', ϑ: '\\vartheta' });

/** Unicode subscript and superscript characters and what they stand for. */
const SUBSCRIPT = '₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼᵣᵤᵥ';
const SUBSCRIPT_PLAIN = '0123456789+-=()aeoxhklmnpstijruv';
const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿᵀ';
const SUPERSCRIPT_PLAIN = '0123456789+-=()inT';

/** Combining accents (after NFD) and the text-mode accent command for each. */
const ACCENTS: Record<string, string> = {
  '\u0300': '`',
  '\u0301': "'",
  '\u0302': '^',
  '\u0303': '~',
  '\u0304': '=',
  '\u0306': 'u',
  '\u0307': '.',
  '\u0308': '"',
  '\u030a': 'r',
  '\u030b': 'H',
  '\u030c': 'v',
  '\u0327': 'c',
};

type Piece = { mode: 'text' | 'math' | 'sub' | 'sup'; tex: string };

function piecesOf(text: string): Piece[] {
  const chars = [...text.normalize('NFD')];
  const out: Piece[] = [];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '\r' || ch === '\n' || ch === '\t') {
      out.push({ mode: 'text', tex: ' ' });
      continue;
    }
    if (TEXT[ch] !== undefined) {
      out.push({ mode: 'text', tex: TEXT[ch] });
      continue;
    }
    if (MATH[ch] !== undefined) {
      out.push({ mode: 'math', tex: MATH[ch] });
      continue;
    }
    const sub = SUBSCRIPT.indexOf(ch);
    if (sub >= 0) {
      out.push({ mode: 'sub', tex: SUBSCRIPT_PLAIN[sub] });
      continue;
    }
    const sup = SUPERSCRIPT.indexOf(ch);
    if (sup >= 0) {
      out.push({ mode: 'sup', tex: SUPERSCRIPT_PLAIN[sup] });
      continue;
    }
    const code = ch.codePointAt(0) as number;
    if (code >= 0x20 && code < 0x7f) {
      out.push({ mode: 'text', tex: ch });
      continue;
    }
    // A combining accent (NFD splits é into e + U+0301) wraps the piece before it: \'{e}; several nest.
    if (ACCENTS[ch] !== undefined) {
      const base = out.pop();
      if (base === undefined || base.mode !== 'text') throw new Error(messages.unsupportedLatexCharacter(text, ch));
      const letter = base.tex === 'i' ? '\\i' : base.tex === 'j' ? '\\j' : base.tex;
      out.push({ mode: 'text', tex: `\\${ACCENTS[ch]}{${letter}}` });
      continue;
    }
    if (code < 0x20 || code === 0x7f) {
      out.push({ mode: 'text', tex: ' ' });
      continue;
    }
    throw new Error(messages.unsupportedLatexCharacter(text, ch));
  }
  return out;
}

/**
 * Escapes free text for pdflatex so that the result is pure ASCII and needs
 * no package beyond the LaTeX kernel: `\ _ % & # $ { } ~ ^` become their
 * literal forms, `< > |` (misprinted by the default OT1 fonts) become
 * `\textless{}` etc., Greek letters and mathematical symbols (± × ≈ ≤ → ‖ …)
 * become math-mode commands (`π` → `$\pi$`; neighbouring symbols share one
 * `$…$`), Unicode sub- and superscripts become `_{…}` / `^{…}` (`πₚ` →
 * `$\pi_{p}$`), accented Latin letters become accent commands (`é` →
 * `\'{e}`), typographic dashes and quotes become `--`, `---`, ``` `` ``` and
 * `''`, and newlines and tabs become spaces. Single pass, so inserted
 * backslashes are never escaped again.
 * @throws Error naming the character and its code point when it has no
 *   pdflatex form here (rather than writing a file that does not compile).
 */
export function escapeLatex(text: string): string {
  const pieces = piecesOf(text);
  let out = '';
  for (let i = 0; i < pieces.length; ) {
    const p = pieces[i];
    if (p.mode === 'text') {
      out += p.tex;
      i++;
      continue;
    }
    // One math group for a run of math pieces; runs of sub/superscripts merge into one `_{…}` / `^{…}`.
    let math = '';
    while (i < pieces.length && pieces[i].mode !== 'text') {
      const q = pieces[i];
      if (q.mode === 'math') {
        // A command directly followed by a letter (`\pi` + `o`) needs a space to end its name.
        math += /\\[A-Za-z]+$/.test(math) && /^[A-Za-z]/.test(q.tex) ? ` ${q.tex}` : q.tex;
        i++;
        continue;
      }
      let run = '';
      while (i < pieces.length && pieces[i].mode === q.mode) run += pieces[i++].tex;
      math += `${q.mode === 'sub' ? '_' : '^'}{${run}}`;
    }
    out += `$${math}$`;
  }
  return out;
}
