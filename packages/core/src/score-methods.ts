import type { LogitSource, MethodTerm } from './methods.js';
import type { InputCheck } from './file-block-checks.js';
import {
  scoreCombinations,
  type CombinationScores,
  type LogitCombination,
  type ScoreOptions,
  type ScoredLogits,
} from './score-combination.js';

/** Options of {@link scoreMethodTerms}: threading, and the checks of sources read from their files. */
export interface MethodScoreOptions extends Omit<ScoreOptions, 'checks'> {
  /** Names and scales of the sources given as files (see `ScoreOptions.checks`); default their paths and 1. */
  checks?: Partial<Record<LogitSource, InputCheck>>;
}

/**
 * Scores of several term lists (each a method's logits, see `METHODS`) over the same rows: the term lists are
 * grouped by the pair of sources they read and each pair is scored in one fused sweep (`scoreCombinations`, its
 * first source in the zero-shot slot, its second in the fine-tuned slot); identical combinations are scored once.
 * No N x K intermediate is formed.
 * @param sources the logits by source (matrices, or `.npy` files the lanes read), all of the same shape
 * @returns one entry per term list, in order
 * @throws RangeError when a term list reads a source not given, or more than two sources
 */
export function scoreMethodTerms(
  sources: Partial<Record<LogitSource, ScoredLogits>>,
  termLists: readonly MethodTerm[][],
  options: MethodScoreOptions = {},
): CombinationScores[] {
  const groups = new Map<string, { pair: LogitSource[]; combos: LogitCombination[]; keys: Map<string, number> }>();
  const pairs = termLists.map((terms, index) => {
    const pair = [...new Set(terms.map((t) => t.source))];
    if (pair.length === 0 || pair.length > 2) throw new RangeError(`method ${index}: expected 1 or 2 logit sources`);
    for (const s of pair) if (!sources[s]) throw new RangeError(`method ${index}: no ${s} logits given`);
    if (pair.length === 2 && !groups.has(pair.join('+')))
      groups.set(pair.join('+'), { pair, combos: [], keys: new Map() });
    return pair;
  });
  const slots = termLists.map((terms, index) => {
    // A one-source method joins a pair that reads its source: zero-shot and an ensemble sweep's alpha 0 are then
    // one combination, scored once.
    const joined =
      pairs[index].length === 1 ? [...groups.values()].find((g) => g.pair.includes(pairs[index][0])) : undefined;
    const pair = joined?.pair ?? pairs[index];
    const groupKey = pair.join('+');
    let group = groups.get(groupKey);
    if (!group) {
      group = { pair, combos: [], keys: new Map() };
      groups.set(groupKey, group);
    }
    const combo = toCombination(terms, pair);
    const key = combinationKey(combo);
    let at = group.keys.get(key);
    if (at === undefined) {
      at = group.combos.push(combo) - 1;
      group.keys.set(key, at);
    }
    return { groupKey, at };
  });
  const scored = new Map<string, CombinationScores[]>();
  for (const [key, g] of groups) {
    scored.set(
      key,
      scoreCombinations(sources[g.pair[0]], g.pair[1] ? sources[g.pair[1]] : undefined, g.combos, {
        ...options,
        checks: {
          zeroShot: options.checks?.[g.pair[0]],
          fineTuned: g.pair[1] ? options.checks?.[g.pair[1]] : undefined,
        },
      }),
    );
  }
  return slots.map((s) => (scored.get(s.groupKey) as CombinationScores[])[s.at]);
}

/** The terms as the scorer's two-slot combination: `pair[0]` in the zero-shot slot, `pair[1]` in the other. */
function toCombination(terms: readonly MethodTerm[], pair: readonly LogitSource[]): LogitCombination {
  const c: LogitCombination = {};
  for (const t of terms) {
    if (t.source === pair[0]) {
      c.zeroShotWeight = t.weight;
      if (t.shift) c.zeroShotShift = t.shift;
    } else {
      c.fineTunedWeight = t.weight;
      if (t.shift) c.fineTunedShift = t.shift;
    }
  }
  return c;
}

const shiftIds = new WeakMap<ArrayLike<number>, number>();
let nextShiftId = 0;

/** Equal keys give bit-identical values: same weights and the same shift arrays (by identity). */
function combinationKey(c: LogitCombination): string {
  const id = (s: ArrayLike<number> | undefined) => {
    if (s === undefined) return '-';
    let n = shiftIds.get(s);
    if (n === undefined) {
      n = nextShiftId++;
      shiftIds.set(s, n);
    }
    return String(n);
  };
  const term = (w: number | undefined, s: ArrayLike<number> | undefined) =>
    (w ?? 0) !== 0 || s !== undefined ? `${w ?? 0}:${id(s)}` : 'none';
  return `${term(c.zeroShotWeight, c.zeroShotShift)}|${term(c.fineTunedWeight, c.fineTunedShift)}`;
}
