import type { PaperConfig } from '../config/paper-config.js';

/**
 * What the tables must say about how the models were obtained, derived from the config so that no table can
 * present a substitute (a linear head for prompt tuning, another solver) as the paper's method.
 */
export function runNotes(config: PaperConfig): string[] {
  const notes: string[] = [];
  const ft = config.models.fineTuned;
  if (config.data.kind === 'simulated')
    notes.push(
      "Simulated foundation world (seeded Gaussian features and a trained softmax zero-shot head), not CLIP: these numbers are not the paper's. Fine-tuned = a head fine-tuned from the zero-shot head; WiSE-FT = their weights interpolated.",
    );
  if (config.kind === 'few-shot') {
    if (ft.kind === 'linear-head')
      notes.push(
        "Fine-tuned = a linear head on CLIP image features initialised from the zero-shot head; the paper used prompt tuning (class-specific residuals on the prompt token embeddings), so fine-tuned, WiSE-FT and GLA rows are not the paper's models.",
      );
    if (ft.kind === 'logits')
      notes.push('Fine-tuned logits were supplied as .npy files (e.g. from a prompt-tuned model run elsewhere).');
    notes.push(
      `q is estimated on the k-shot train + k-shot val sets; temperatures: zero-shot ${config.temperature.zeroShot}, fine-tuned ${config.temperature.fineTuned} (the authors' code: confidence matching).`,
    );
  }
  if (config.kind === 'many-shot' && config.data.kind === 'simulated') {
    notes.push(
      "q is estimated on the world's balanced val split (held out), no temperature; the In-domain column is the world's in-domain test split and the shifts are its shifted domains. Head / medium / tail: thirds of the classes ranked by the estimated q, accuracy pooled over each group's test samples.",
    );
  }
  if (config.kind === 'many-shot' && config.data.kind !== 'simulated') {
    notes.push(
      config.prior.estimationSet === 'heldout-train-balanced'
        ? 'q is estimated on a held-out balanced subset of ImageNet train (the ImageNet-LT val list, 20 per class), not on the evaluation split.'
        : "q is estimated on ImageNet val, the evaluation split itself, as the authors' shipped q appears to have been (optimistic).",
    );
    if (ft.kind === 'linear-head')
      notes.push(
        "Fine-tuned = a linear classifier on frozen CLIP features (WiSE-FT's linear-classifier variant), not the end-to-end fine-tuned model of the paper.",
      );
    notes.push(
      "Head / medium / tail: thirds of the classes ranked by the estimated q (333 / 333 / 334 on ImageNet), accuracy pooled over each group's images. ImageNet-R and -A are scored on their 200 classes.",
    );
  }
  if (config.kind === 'long-tail') {
    if (ft.kind === 'linear-head')
      notes.push(
        'Fine-tuned = a linear head on CLIP image features trained with plain cross-entropy on the long-tailed train split; "+ LA" subtracts log pi_s post hoc (the long-tail code of the paper was never released).',
      );
    notes.push(
      'pi_s = training label frequencies; q is estimated on the balanced val split; many (> 100 training images) / medium (20-100) / few (< 20): mean per-class accuracy within each group.',
    );
  }
  notes.push(
    `Both estimators of q are run; head / medium / tail rank the classes by the ${config.prior.solver === 'paper' ? `authors' estimator's q (${config.prior.paperIterations} SGD steps, as the authors' code)` : "exact estimator's q (converged to a certificate)"}.`,
  );
  if (config.models.wiseFt?.kind === 'none') notes.push('No WiSE-FT model was given: its cells are n/a.');
  return [...notes, ...config.notes];
}
