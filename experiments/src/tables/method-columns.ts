import { methodDefinition, type MethodId } from '@gla/core';
import type { ColumnSpec } from '@gla/report';

/** The columns every method table shares, defined once: Method, Top-1, Head / Medium / Tail, ECE, certificate. */
export const METHOD_COLUMNS = {
  method: { key: 'method', header: 'Method', kind: 'text' },
  top1: { key: 'top1', header: 'Top-1', kind: 'percent' },
  head: { key: 'head', header: 'Head', kind: 'percent' },
  medium: { key: 'medium', header: 'Medium', kind: 'percent' },
  tail: { key: 'tail', header: 'Tail', kind: 'percent' },
  ece: { key: 'ece', header: 'ECE', kind: 'percent', best: 'min' },
  certificate: { key: 'certificate', header: 'q certificate', kind: 'text' },
} as const satisfies Record<string, ColumnSpec>;

/** The certificates of the two estimators' q (max_j |mean_i p_ij - freq_j| on the estimation set). */
export interface EstimatorCertificates {
  exact: number;
  authors: number;
}

/**
 * The certificate cell of a row: the certificate of the q that row removes (the exact or the authors' estimator),
 * empty for rows that use no estimated q (a true prior needs none).
 */
export function certificateCell(method: MethodId, certificates: EstimatorCertificates): string | null {
  const prior = methodDefinition(method).prior;
  if (prior === 'exact' || prior === 'estimated') return certificates.exact.toExponential(2);
  if (prior === 'authors') return certificates.authors.toExponential(2);
  return null;
}

/** The note under a table that says how far each estimator's q is from the optimum. */
export function certificateNote(certificates: EstimatorCertificates, where = ''): string {
  return `q certificate${where} (max_j |mean_i p_ij - freq_j|, 0 at the optimum): exact estimator ${certificates.exact.toExponential(2)}, authors' estimator ${certificates.authors.toExponential(2)}.`;
}

/**
 * Indices of the rows whose method removes the true pre-training prior (known only in a simulation): an oracle,
 * shown for reference but never marked best (`unrankedRows` of a result table).
 */
export function oracleRows(methods: readonly (MethodId | undefined)[]): number[] {
  return methods.flatMap((method, i) => (method !== undefined && methodDefinition(method).prior === 'true' ? [i] : []));
}
