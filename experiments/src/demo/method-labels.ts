/** Row labels of the demo tables, in the paper's words, keyed by a stable id used in the JSON results. */
export const METHOD_LABELS = {
  'zero-shot': 'Zero-shot',
  'fine-tuned': 'Fine-tuned',
  'fine-tuned-la': 'Fine-tuned + LA (downstream prior)',
  'wise-ft': 'WiSE-FT (α = 0.5, weight space)',
  'wise-ft-la': 'WiSE-FT + LA (downstream prior)',
  'output-ensemble': 'Output ensemble (α = 0.5)',
  'debiased-zero-shot': 'Debiased zero-shot (exact q)',
  gla: 'GLA (exact q)',
  'gla-paper-solver': "GLA (paper solver's q)",
  'gla-oracle': 'GLA (true pre-training prior, oracle)',
} as const;

/** A method id of the demo tables. */
export type DemoMethod = keyof typeof METHOD_LABELS;
