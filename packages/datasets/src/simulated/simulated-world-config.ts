/**
 * Settings of a simulated foundation world (see `createSimulatedWorld`). Every field is optional; the defaults
 * (listed per field) give a 100-class world whose zero-shot and fine-tuned accuracies land in a realistic range
 * and that builds in seconds. Distances are in units of the per-dimension noise standard deviation (1).
 */
export interface SimulatedWorldConfig {
  /** A label for reports; default 'simulated-world' (the presets name themselves 'simulated-<preset>'). */
  readonly name?: string;
  /** Number of classes K; default 100. */
  readonly classes?: number;
  /**
   * Feature dimension d; default 32. Training cost grows as (pre-training samples) x K x d; at d = 32 a sample of
   * 200 images per class trains in seconds and the zero-shot head comes close to the Bayes rule, while d = 64 at
   * the same cost overfits the rare classes.
   */
  readonly dims?: number;
  /**
   * How many of the d dimensions carry the core (domain-invariant) class signal; the rest carry the
   * domain-specific "style" signal. Default d / 2 (rounded down).
   */
  readonly coreDims?: number;
  /** World seed; default 0. Every array of the world is a deterministic function of the config. */
  readonly seed?: number;
  /** max/min ratio of the Zipf-like pre-training prior pi_p (classes in random order); default 100. */
  readonly pretrainingImbalance?: number;
  /** Size of the pre-training sample the zero-shot head is trained on; default 200 * K. */
  readonly pretrainingSamples?: number;
  /** Norm of every class's core mean; default 4. Sets the class overlap, hence the zero-shot accuracy. */
  readonly classSeparation?: number;
  /** Norm of every class's downstream style mean; default 1.5. Sets how much fine-tuning can gain in-domain. */
  readonly styleSeparation?: number;
  /** Expected norm of each domain's constant offset; default 0.5. */
  readonly domainOffset?: number;
  /** Number of shifted test domains ('shift-a', 'shift-b', ...) with severities i / n, i = 1..n; default 2. */
  readonly shiftedDomains?: number;
  /** Fraction of the core signal a shifted domain of severity 1 loses (linear in severity); default 0.25. */
  readonly shiftCoreLoss?: number;
  /** Images per class of the balanced many-shot downstream train split; default 50. */
  readonly trainPerClass?: number;
  /** Images per class of the balanced downstream val split (for estimating q); default 20, as ImageNet-LT val. */
  readonly valPerClass?: number;
  /** Images per class of the balanced test split and of each shifted test split; default 50. */
  readonly testPerClass?: number;
  /** Images of the head class of the long-tailed train split; default 200. */
  readonly longTailMaxCount?: number;
  /** Head/tail ratio of the long-tailed train split (exponential profile); default 100. */
  readonly longTailImbalance?: number;
  /**
   * L2 weight decay of the zero-shot head's training (weights only, not the bias); default 1e-4, the best
   * held-out pre-training cross-entropy among 3e-5 .. 3e-3 on seeds 0 and 1 (chosen as a practitioner would,
   * without looking at any downstream number).
   */
  readonly zeroShotWeightDecay?: number;
  /** L-BFGS iteration cap of the zero-shot head's training (it stops early: a regulariser, and the cost); default 20. */
  readonly zeroShotIterations?: number;
}

/** A config with every default filled in. */
export type ResolvedSimulatedWorldConfig = {
  readonly [P in keyof SimulatedWorldConfig]-?: NonNullable<SimulatedWorldConfig[P]>;
};

/** Names of the shipped presets. */
export type SimulatedPresetName = 'default' | 'imagenet-sized';

/**
 * Shipped presets. 'default': K = 100, every default above. 'imagenet-sized': K = 1000 like ImageNet, with a
 * larger class separation (1000 classes crowd the 16 core dimensions), a pre-training sample of 40 * K, and
 * fewer images per class so that it stays usable on 2 cores: about a minute to build (the zero-shot head's
 * training), minutes for a full 100-iteration fine-tuning (cap `maxIterations` to go faster).
 */
export const SIMULATED_PRESETS: Readonly<Record<SimulatedPresetName, SimulatedWorldConfig>> = {
  default: { name: 'simulated-default' },
  'imagenet-sized': {
    name: 'simulated-imagenet-sized',
    classes: 1000,
    classSeparation: 5,
    pretrainingSamples: 40_000,
    zeroShotIterations: 15,
    trainPerClass: 16,
    valPerClass: 10,
    testPerClass: 10,
    longTailMaxCount: 50,
    longTailImbalance: 25,
  },
};

/**
 * Fills in the defaults and checks the ranges.
 * @throws RangeError on a non-integer or out-of-range size, or a negative scale
 */
export function resolveSimulatedConfig(config: SimulatedWorldConfig = {}): ResolvedSimulatedWorldConfig {
  const classes = config.classes ?? 100;
  const dims = config.dims ?? 32;
  const resolved: ResolvedSimulatedWorldConfig = {
    name: config.name ?? 'simulated-world',
    classes,
    dims,
    coreDims: config.coreDims ?? Math.floor(dims / 2),
    seed: config.seed ?? 0,
    pretrainingImbalance: config.pretrainingImbalance ?? 100,
    pretrainingSamples: config.pretrainingSamples ?? 200 * classes,
    classSeparation: config.classSeparation ?? 4,
    styleSeparation: config.styleSeparation ?? 1.5,
    domainOffset: config.domainOffset ?? 0.5,
    shiftedDomains: config.shiftedDomains ?? 2,
    shiftCoreLoss: config.shiftCoreLoss ?? 0.25,
    trainPerClass: config.trainPerClass ?? 50,
    valPerClass: config.valPerClass ?? 20,
    testPerClass: config.testPerClass ?? 50,
    longTailMaxCount: config.longTailMaxCount ?? 200,
    longTailImbalance: config.longTailImbalance ?? 100,
    zeroShotWeightDecay: config.zeroShotWeightDecay ?? 1e-4,
    zeroShotIterations: config.zeroShotIterations ?? 20,
  };
  const positiveIntegers = [
    'classes',
    'dims',
    'coreDims',
    'pretrainingSamples',
    'trainPerClass',
    'valPerClass',
    'testPerClass',
    'longTailMaxCount',
    'zeroShotIterations',
  ] as const;
  for (const key of positiveIntegers) {
    const v = resolved[key];
    if (!Number.isInteger(v) || v < 1)
      throw new RangeError(`simulated world: ${key} must be a positive integer, got ${v}`);
  }
  if (resolved.classes < 2)
    throw new RangeError(`simulated world: classes must be at least 2, got ${resolved.classes}`);
  if (resolved.coreDims > resolved.dims)
    throw new RangeError(`simulated world: coreDims (${resolved.coreDims}) exceeds dims (${resolved.dims})`);
  if (!Number.isInteger(resolved.shiftedDomains) || resolved.shiftedDomains < 0 || resolved.shiftedDomains > 26) {
    throw new RangeError(`simulated world: shiftedDomains must be an integer in 0..26, got ${resolved.shiftedDomains}`);
  }
  const nonNegative = ['classSeparation', 'styleSeparation', 'domainOffset', 'zeroShotWeightDecay'] as const;
  for (const key of nonNegative) {
    if (!(resolved[key] >= 0)) throw new RangeError(`simulated world: ${key} must be >= 0, got ${resolved[key]}`);
  }
  if (!(resolved.pretrainingImbalance >= 1)) throw new RangeError(`simulated world: pretrainingImbalance must be >= 1`);
  if (!(resolved.longTailImbalance >= 1)) throw new RangeError(`simulated world: longTailImbalance must be >= 1`);
  if (!(resolved.shiftCoreLoss >= 0 && resolved.shiftCoreLoss <= 1))
    throw new RangeError(`simulated world: shiftCoreLoss must be in [0, 1]`);
  return resolved;
}
