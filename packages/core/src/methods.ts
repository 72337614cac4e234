/**
 * The method registry: every row of the paper's tables, once, with its id (JSON keys, CLI flags), its label (table
 * headers, in the paper's words) and how its logits combine the logit sources. Every consumer (`gla evaluate`,
 * `gla run`, the demo) scores methods through this file, so a label or a formula is written nowhere else.
 */

/**
 * Where a method's logits come from: the zero-shot model, the fine-tuned model, or the WiSE-FT model (weights
 * interpolated at alpha: a third network with its own outputs, not a function of the other two).
 */
export type LogitSource = 'zero-shot' | 'fine-tuned' | 'wise-ft';

/**
 * Which pre-training prior a method removes: q from the exact estimator, q from the authors' estimator (their
 * released SGD solver), or the true prior (known only in a simulation).
 */
export type PriorRole = 'exact' | 'authors' | 'true';

/** One additive term of a method's logits: `weight * logits[source] + shift` (shift: K entries, or none). */
export interface MethodTerm {
  source: LogitSource;
  weight: number;
  shift?: Float64Array;
}

/**
 * What the combinations are built from. Temperatures divide logits (1 = none); the shifts are `-log prior`,
 * computed once by {@link methodContext} so that equal shifts are the same array (the scorer shares them).
 */
export interface MethodContext {
  /** Weight of the fine-tuned model in the output ensemble (and the WiSE-FT model's alpha). */
  alpha: number;
  zeroShotTemperature: number;
  fineTunedTemperature: number;
  /** `-log pi_s`, the downstream prior's shift. */
  downstreamShift: Float64Array;
  /** `-log q` per prior role that this run has. */
  priorShifts: Partial<Record<PriorRole, Float64Array>>;
}

/** A row of the tables. */
export interface MethodDefinition {
  id: string;
  /** The row label in the paper's words; `{alpha}` stands for the ensemble weight. */
  label: string;
  /** The sources it reads, in the order of its terms. */
  sources: readonly LogitSource[];
  /** The prior it removes from the zero-shot model, if any ('estimated': the exact q, else the authors'). */
  prior?: PriorRole | 'estimated';
  /** Its logits as a sum of terms (at most two sources). */
  terms(ctx: MethodContext): MethodTerm[];
}

const priorShift = (ctx: MethodContext, role: PriorRole): Float64Array => {
  const shift = ctx.priorShifts[role];
  if (!shift) throw new RangeError(`this run has no ${role} pre-training prior`);
  return shift;
};

/** GLA: `[f_zs / T_zs - log q] + [f_ft / T_ft - log pi_s]`. */
const glaTerms =
  (role: PriorRole) =>
  (ctx: MethodContext): MethodTerm[] => [
    {
      source: 'zero-shot',
      // The simulated zero-shot head learned its bias at T = 1, so the true prior is removed from raw logits.
      weight: role === 'true' ? 1 : 1 / ctx.zeroShotTemperature,
      shift: priorShift(ctx, role),
    },
    { source: 'fine-tuned', weight: 1 / ctx.fineTunedTemperature, shift: ctx.downstreamShift },
  ];

/** Every method, in the order of the table rows. */
export const METHODS = [
  { id: 'zero-shot', label: 'Zero-shot', sources: ['zero-shot'], terms: () => [{ source: 'zero-shot', weight: 1 }] },
  {
    id: 'fine-tuned',
    label: 'Fine-tuned',
    sources: ['fine-tuned'],
    terms: () => [{ source: 'fine-tuned', weight: 1 }],
  },
  {
    id: 'fine-tuned-la',
    label: 'Fine-tuned + LA (downstream prior)',
    sources: ['fine-tuned'],
    terms: (ctx) => [{ source: 'fine-tuned', weight: 1, shift: ctx.downstreamShift }],
  },
  {
    id: 'wise-ft',
    label: 'WiSE-FT (α = {alpha})',
    sources: ['wise-ft'],
    terms: () => [{ source: 'wise-ft', weight: 1 }],
  },
  {
    id: 'output-ensemble',
    label: 'Output ensemble (α = {alpha})',
    sources: ['zero-shot', 'fine-tuned'],
    terms: (ctx) => [
      { source: 'zero-shot', weight: 1 - ctx.alpha },
      { source: 'fine-tuned', weight: ctx.alpha },
    ],
  },
  {
    id: 'debiased-zero-shot',
    label: 'Debiased zero-shot',
    sources: ['zero-shot'],
    // The estimated q: the exact estimator's where the run has it, else the authors'.
    prior: 'estimated',
    terms: (ctx) => [
      {
        source: 'zero-shot',
        weight: 1 / ctx.zeroShotTemperature,
        shift: ctx.priorShifts.exact ?? priorShift(ctx, 'authors'),
      },
    ],
  },
  {
    id: 'gla-authors',
    label: "GLA (authors' estimator)",
    sources: ['zero-shot', 'fine-tuned'],
    prior: 'authors',
    terms: glaTerms('authors'),
  },
  {
    id: 'gla',
    label: 'GLA (exact estimator)',
    sources: ['zero-shot', 'fine-tuned'],
    prior: 'exact',
    terms: glaTerms('exact'),
  },
  {
    id: 'gla-true-prior',
    label: 'GLA (true pre-training prior)',
    sources: ['zero-shot', 'fine-tuned'],
    prior: 'true',
    terms: glaTerms('true'),
  },
] as const satisfies readonly MethodDefinition[];

/** A method id: `zero-shot`, `fine-tuned`, `fine-tuned-la`, `wise-ft`, `output-ensemble`, ... */
export type MethodId = (typeof METHODS)[number]['id'];

/** Every method id, in table order. */
export const METHOD_IDS: readonly MethodId[] = METHODS.map((m) => m.id);

/** The registry entry of an id. @throws RangeError for an unknown id */
export function methodDefinition(id: MethodId): MethodDefinition {
  const found = METHODS.find((m) => m.id === id);
  if (!found) throw new RangeError(`unknown method '${id}'`);
  return found as MethodDefinition;
}

/** Whether `id` names a method of the registry. */
export function isMethodId(id: string): id is MethodId {
  return METHODS.some((m) => m.id === id);
}

/** The row label of a method, with its ensemble weight filled in (default alpha 0.5). */
export function methodLabel(id: MethodId, alpha = 0.5): string {
  return methodDefinition(id).label.replace('{alpha}', String(alpha));
}

/**
 * The methods of `ids` (table order kept) that this run can score: the sources and priors it has.
 * @param have the logit sources present and the prior roles estimated (or known)
 */
export function availableMethods(
  ids: readonly MethodId[],
  have: { sources: readonly LogitSource[]; priors: readonly PriorRole[] },
): MethodId[] {
  return ids.filter((id) => {
    const m = methodDefinition(id);
    const prior =
      m.prior === undefined ||
      (m.prior === 'estimated' ? have.priors.some((p) => p !== 'true') : have.priors.includes(m.prior));
    return m.sources.every((s) => have.sources.includes(s)) && prior;
  });
}

/**
 * The context of {@link MethodDefinition.terms}: `-log` of each prior, computed once. Every prior is renormalised
 * here (q / sum q; in log space where the sum overflows or a quotient underflows, as checkPrior), so that each caller, whatever it read (the authors' released q sums to 0.804), gets the same
 * shifts bit for bit.
 * @param options.alpha default 0.5; temperatures default 1; downstream prior default uniform
 */
export function methodContext(options: {
  classes: number;
  alpha?: number;
  zeroShotTemperature?: number;
  fineTunedTemperature?: number;
  downstreamPrior?: ArrayLike<number>;
  priors?: Partial<Record<PriorRole, ArrayLike<number>>>;
}): MethodContext {
  const k = options.classes;
  const negLog = (p: ArrayLike<number>) => {
    if (p.length !== k) throw new RangeError(`methodContext: a prior has ${p.length} entries, expected ${k}`);
    let sum = 0;
    let max = 0;
    for (let j = 0; j < k; j++) {
      sum += p[j];
      if (p[j] > max) max = p[j];
    }
    if (Number.isFinite(sum)) {
      // The usual case, as it always was (bit for bit); a quotient that underflows takes its log in log space.
      const logSum = Math.log(sum);
      return Float64Array.from(p, (v) => (v / sum > 0 ? -Math.log(v / sum) : logSum - Math.log(v)));
    }
    // The sum overflowed: normalised by the maximum first (every term in (0, 1], the sum in [1, K]).
    let scaled = 0;
    for (let j = 0; j < k; j++) scaled += p[j] / max;
    const logNorm = Math.log(max) + Math.log(scaled);
    return Float64Array.from(p, (v) => (v / max / scaled > 0 ? -Math.log(v / max / scaled) : logNorm - Math.log(v)));
  };
  const priorShifts: Partial<Record<PriorRole, Float64Array>> = {};
  for (const [role, prior] of Object.entries(options.priors ?? {}) as [PriorRole, ArrayLike<number> | undefined][]) {
    if (prior) priorShifts[role] = negLog(prior);
  }
  return {
    alpha: options.alpha ?? 0.5,
    zeroShotTemperature: options.zeroShotTemperature ?? 1,
    fineTunedTemperature: options.fineTunedTemperature ?? 1,
    // -log(1 / K), as a uniform prior's entries give it.
    downstreamShift: negLog(options.downstreamPrior ?? new Float64Array(k).fill(1 / k)),
    priorShifts,
  };
}
