import type { FewShotConfig } from './few-shot-config.js';
import type { LongTailConfig } from './long-tail-config.js';
import type { ManyShotConfig } from './many-shot-config.js';

/** A validated paper experiment config: the many-shot, few-shot or long-tail kind. */
export type PaperConfig = ManyShotConfig | FewShotConfig | LongTailConfig;
