import { createRandom, linearLogits, sampleCategorical, type LinearHead, type Matrix } from '@gla/core';
import { createSimulatedGeometry, type SimulatedGeometry } from './simulated-geometry.js';
import { balancedLabels, labelsFromCounts, sampleSimulatedSplit, type SimulatedSplit } from './simulated-split.js';
import {
  resolveSimulatedConfig,
  SIMULATED_PRESETS,
  type ResolvedSimulatedWorldConfig,
  type SimulatedPresetName,
  type SimulatedWorldConfig,
} from './simulated-world-config.js';
import { subSeed } from './sub-seed.js';
import { trainSimulatedZeroShotHead, type SimulatedZeroShotTraining } from './train-simulated-zero-shot.js';
import { zipfPrior } from './zipf-prior.js';
import { longTailCounts } from './long-tail-counts.js';

/** A k-shot downstream set: k images per class for training and another k per class for validation. */
export interface SimulatedFewShot {
  readonly shots: number;
  readonly seed: number;
  readonly train: SimulatedSplit;
  readonly val: SimulatedSplit;
}

/** The long-tailed downstream benchmark (an ImageNet-LT analogue). */
export interface SimulatedLongTail {
  readonly train: SimulatedSplit;
  /** Training images per class (exponential profile, `longTailMaxCount` down to max / `longTailImbalance`). */
  readonly counts: Int32Array;
  /** Balanced val split (the world's `val`): for estimating q. */
  readonly val: SimulatedSplit;
  /** Balanced test split (the world's `test`). */
  readonly test: SimulatedSplit;
}

/**
 * A simulated foundation world: a known pre-training prior, a zero-shot head trained on a pre-training sample
 * drawn with it, and downstream splits. A simulation, not CLIP: every feature is drawn from the Gaussian model of
 * `simulated-geometry.ts`, so the truth is known.
 */
export interface SimulatedWorld {
  readonly simulated: true;
  readonly name: string;
  readonly config: ResolvedSimulatedWorldConfig;
  readonly classes: number;
  readonly dims: number;
  /** 'simulated-class-000', ... */
  readonly classNames: readonly string[];
  /** The hidden generative model. */
  readonly geometry: SimulatedGeometry;
  /** The TRUE pre-training prior pi_p (K entries summing to 1): what an oracle row of GLA may use. */
  readonly pretrainingPrior: Float64Array;
  /** The pre-training sample (labels drawn with pi_p) the zero-shot head was trained on. */
  readonly pretraining: SimulatedSplit;
  /** The zero-shot head: logits = `linearLogits(features, zeroShotHead)`, logit scale 1. */
  readonly zeroShotHead: LinearHead;
  /** How the zero-shot head's training went (loss, iterations, time). */
  readonly zeroShotTraining: SimulatedZeroShotTraining;
  /** Balanced many-shot downstream train split (`trainPerClass` per class). */
  readonly train: SimulatedSplit;
  /** Balanced downstream val split (`valPerClass` per class). */
  readonly val: SimulatedSplit;
  /** Balanced downstream test split (`testPerClass` per class). */
  readonly test: SimulatedSplit;
  /** Balanced test splits of the shifted domains ('shift-a', 'shift-b', ...; `testPerClass` per class), mildest first. */
  readonly shifted: readonly SimulatedSplit[];
  readonly longTail: SimulatedLongTail;
  /**
   * The k-shot train and val sets of a seed (k per class each, fresh draws from the downstream domain, disjoint
   * from every other split). Deterministic in (world, k, seed).
   * @throws RangeError unless k and seed are integers, k >= 1
   */
  fewShot(shots: number, seed: number): SimulatedFewShot;
  /** Zero-shot logits of a split (N x K float32). */
  zeroShotLogits(split: SimulatedSplit): Matrix<Float32Array>;
}

/**
 * Builds a simulated world: draws the geometry, pi_p and every split from streams derived from the seed, then
 * trains the zero-shot head (the slow part: a few seconds for the default world on 2 cores).
 * @param config a config or a preset name; default the 'default' preset
 */
export function createSimulatedWorld(config: SimulatedWorldConfig | SimulatedPresetName = 'default'): SimulatedWorld {
  const resolved = resolveSimulatedConfig(typeof config === 'string' ? presetConfig(config) : config);
  const { classes: k, seed, name } = resolved;
  const geometry = createSimulatedGeometry(resolved);
  const pretrainingPrior = zipfPrior(
    k,
    resolved.pretrainingImbalance,
    createRandom(subSeed(seed, 'pretraining-prior')),
  );
  const split = (splitName: string, domain: string, labels: Int32Array) =>
    sampleSimulatedSplit(geometry, domain, labels, subSeed(seed, `split/${splitName}`), `${name}/${splitName}`);

  const pretrainingLabels = sampleCategorical(
    pretrainingPrior,
    resolved.pretrainingSamples,
    createRandom(subSeed(seed, 'pretraining-labels')),
  );
  const pretraining = split('pretraining', 'pretraining', pretrainingLabels);
  const zeroShotTraining = trainSimulatedZeroShotHead(pretraining, k, {
    weightDecay: resolved.zeroShotWeightDecay,
    maxIterations: resolved.zeroShotIterations,
  });
  const train = split('train', 'downstream', balancedLabels(k, resolved.trainPerClass));
  const val = split('val', 'downstream', balancedLabels(k, resolved.valPerClass));
  const test = split('test', 'downstream', balancedLabels(k, resolved.testPerClass));
  const shifted = geometry.domains
    .filter((domain) => domain.kind === 'shifted')
    .map((domain) => split(`${domain.name}/test`, domain.name, balancedLabels(k, resolved.testPerClass)));
  const counts = longTailCounts(
    k,
    resolved.longTailMaxCount,
    resolved.longTailImbalance,
    createRandom(subSeed(seed, 'long-tail-order')),
  );
  const longTail: SimulatedLongTail = {
    train: split('long-tail/train', 'downstream', labelsFromCounts(counts)),
    counts,
    val,
    test,
  };

  const zeroShotHead = zeroShotTraining.head;
  return {
    simulated: true,
    name,
    config: resolved,
    classes: k,
    dims: resolved.dims,
    classNames: Array.from({ length: k }, (_, j) => `simulated-class-${String(j).padStart(k > 1000 ? 4 : 3, '0')}`),
    geometry,
    pretrainingPrior,
    pretraining,
    zeroShotHead,
    zeroShotTraining,
    train,
    val,
    test,
    shifted,
    longTail,
    fewShot(shots, fewSeed) {
      if (!Number.isInteger(shots) || shots < 1)
        throw new RangeError(`fewShot: shots must be a positive integer, got ${shots}`);
      if (!Number.isInteger(fewSeed)) throw new RangeError(`fewShot: seed must be an integer, got ${fewSeed}`);
      const prefix = `few-shot/k${shots}/seed${fewSeed}`;
      return {
        shots,
        seed: fewSeed,
        train: split(`${prefix}/train`, 'downstream', balancedLabels(k, shots)),
        val: split(`${prefix}/val`, 'downstream', balancedLabels(k, shots)),
      };
    },
    zeroShotLogits: (s) => linearLogits(s.features, zeroShotHead),
  };
}

function presetConfig(preset: SimulatedPresetName): SimulatedWorldConfig {
  const found = SIMULATED_PRESETS[preset];
  if (!found)
    throw new RangeError(`unknown simulated preset '${preset}' (known: ${Object.keys(SIMULATED_PRESETS).join(', ')})`);
  return found;
}
