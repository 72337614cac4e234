import type { PaperConfig } from '../config/paper-config.js';
import { StageRegistry } from '../../engine/stage-registry.js';
import { fewShotPipeline } from './few-shot-pipeline.js';
import { imageSources } from '../sources/image-sources.js';
import { logitsFileSources } from '../sources/logits-sources.js';
import { simulatedSources } from '../sources/simulated-sources.js';
import { simulatedWorldOf } from '../sources/simulated-world-of.js';
import { longTailPipeline } from './long-tail-pipeline.js';
import { manyShotPipeline } from './many-shot-pipeline.js';
import type { PaperPipeline } from './paper-pipeline.js';
import type { PaperMetrics } from '../run/run-record.js';

/** The stage graph of a config: its logits sources (files, images through models, or the simulated world) and its experiment. */
export function buildPaperPipeline(config: PaperConfig, root: string): PaperPipeline<PaperMetrics> {
  const registry = new StageRegistry();
  const data = config.data;
  const sources =
    data.kind === 'logits'
      ? logitsFileSources(config, root, registry)
      : data.kind === 'simulated'
        ? simulatedSources(simulatedWorldOf(data), data, registry, config.kind)
        : imageSources(config, root, registry);
  switch (config.kind) {
    case 'many-shot':
      return manyShotPipeline(config, sources, registry);
    case 'few-shot':
      return fewShotPipeline(config, sources, registry);
    case 'long-tail':
      return longTailPipeline(config, sources, registry);
  }
}
