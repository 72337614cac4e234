import type { AlphaCurvePoint, FewShotPoint, PerClassAccuracyRecord, PriorScatterRecord } from '../src/index.js';

/** Deterministic synthetic plot inputs (no randomness). */
export function perClassRecords(k = 60): PerClassAccuracyRecord[] {
  const out: PerClassAccuracyRecord[] = [];
  for (const [method, slope] of [
    ['Zero-shot', 0.5],
    ['Fine-tuned', 0.1],
    ['GLA', 0.05],
  ] as const) {
    for (let c = 0; c < k; c++) {
      const prior = 1 / (1 + ((c * 37) % k));
      out.push({
        method,
        classIndex: c,
        prior,
        accuracy: Math.max(0, 0.85 - slope * (1 - prior) - 0.05 * ((c * 7) % 3)),
      });
    }
  }
  return out;
}

export function alphaCurve(): AlphaCurvePoint[] {
  return Array.from({ length: 11 }, (_, i) => {
    const a = i / 10;
    return { alpha: a, inDomain: 0.68 + 0.13 * a - 0.06 * a * a, shifted: 0.58 + 0.08 * a - 0.1 * a * a };
  });
}

export function fewShotPoints(): FewShotPoint[] {
  const out: FewShotPoint[] = [];
  for (const [method, base] of [
    ['Zero-shot', 0.58],
    ['Prompt tuning', 0.56],
    ['GLA', 0.6],
  ] as const) {
    for (const shots of [1, 2, 4, 8, 16]) out.push({ method, shots, mean: base + 0.01 * Math.log2(shots), std: 0.003 });
  }
  return out;
}

export function priorRecords(k = 50): PriorScatterRecord[] {
  const out: PriorScatterRecord[] = [];
  for (const solver of ['Paper solver', 'Convex solver']) {
    for (let c = 0; c < k; c++) {
      const truePrior = Math.exp(-c / 10);
      const estimatedPrior = solver === 'Paper solver' ? Math.exp(-c / 30 + 0.1 * ((c * 13) % 5)) : 2 * truePrior;
      out.push({ solver, classIndex: c, truePrior, estimatedPrior });
    }
  }
  return out;
}
