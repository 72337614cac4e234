import type { StageNode } from '../../engine/stage-node.js';
import type { SampleList } from '../stages/sample-list.js';
import type { UnitRef } from './logits-sources.js';

/** The images of one split: its own list, and the pool its features are extracted on (few-shot k-shot sets). */
export interface ImageSplit {
  samples: StageNode<SampleList>;
  pool?: StageNode<SampleList>;
}

/** The dataset of a run unit: the id its zero-shot head is cached under, its class names and its template key. */
export interface ImageDataset {
  id: string;
  classNames: StageNode<readonly string[]>;
  /** Key into a per-dataset template map (the CoOp name); undefined for a plain template list. */
  templatesKey?: string;
}

/** How an experiment finds its images: per split role and run unit. */
export interface ImageSplits {
  split(role: string, unit: UnitRef): ImageSplit;
  dataset(unit: UnitRef): ImageDataset;
  /** Id of a run unit in stage ids (`imagenet`, `caltech101/k4-s1`, `places-lt`). */
  unitId(unit: UnitRef): string;
}
