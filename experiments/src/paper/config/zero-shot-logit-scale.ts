import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PaperConfig } from './paper-config.js';

/** The multiplier of the zero-shot cosine and where it came from. */
export interface LogitScaleChoice {
  value: number;
  /** `config` (models.zeroShot.logitScale), `manifest` (the export's model.json) or `default` (100, CLIP's). */
  source: 'config' | 'manifest' | 'default';
}

/**
 * The zero-shot model's logit scale: the config's `models.zeroShot.logitScale` when given, else the model
 * manifest's `logitScale` (the export's own learned scale), else 100. Read when the plan is built, because the
 * scale keys the cached logits; a manifest that cannot be read yet falls back to 100 here and the model stage then
 * stops the run naming the manifest, so the fallback never reaches a result.
 * @returns null for configs whose zero-shot model is not an ONNX export (logits files carry their own scale)
 */
export function zeroShotLogitScale(config: PaperConfig, root: string): LogitScaleChoice | null {
  const zs = config.models.zeroShot;
  if (zs.kind !== 'onnx') return null;
  if (zs.logitScale !== undefined) return { value: zs.logitScale, source: 'config' };
  try {
    const manifest = JSON.parse(readFileSync(resolve(root, zs.manifest), 'utf8')) as { logitScale?: unknown };
    const scale = manifest?.logitScale;
    if (typeof scale === 'number' && Number.isFinite(scale) && scale > 0) return { value: scale, source: 'manifest' };
  } catch {
    // Missing or unreadable: the model stage reports it with the manifest's path.
  }
  return { value: 100, source: 'default' };
}
