/*
 * The generative model of a simulated foundation world (a simulation: no image, no CLIP).
 *
 * A feature of class y in domain D is Gaussian with identity covariance around
 *     m_D(y) = c_D * core(y) + a_D * style(y) + b_D * style(perm_D(y)) + offset_D
 * - core(y) lives in the first `coreDims` dimensions and is shared by every domain: what an object looks like.
 * - style(y) lives in the other dimensions: context cues of the downstream task (backgrounds, photographers'
 *   habits). Pre-training has none (a = b = 0), so the zero-shot head cannot use them; the downstream domain has
 *   them (a = 1), so fine-tuning gains in-domain; a shifted domain of severity s keeps a = 1 - s of the true cue
 *   and shows b = s of another class's cue (perm_D is a derangement), which misleads a head that relied on it.
 * - c_D = 1, except in a shifted domain where it is 1 - shiftCoreLoss * s: every model loses some accuracy there.
 * - offset_D is a constant per domain (a camera / rendering change). Through a linear head it moves each class's
 *   logit by a constant, a small label bias that is not a prior.
 * Shared identity covariance makes a linear softmax head well specified: the Bayes posterior's logits are
 * linear, and a head trained on labels drawn with prior pi carries log pi in its bias, which is the mechanism
 * GLA corrects. Features are not L2-normalised (normalising would break that exactness for no gain here).
 */
import { createRandom, permutation } from '@gla/core';
import type { ResolvedSimulatedWorldConfig } from './simulated-world-config.js';
import { subSeed } from './sub-seed.js';

/** What kind of domain a {@link SimulatedDomain} is. */
export type SimulatedDomainKind = 'pretraining' | 'downstream' | 'shifted';

/** One domain of a simulated world: the coefficients of its class means (see the file header). */
export interface SimulatedDomain {
  /** 'pretraining', 'downstream', or 'shift-a', 'shift-b', ... */
  readonly name: string;
  readonly kind: SimulatedDomainKind;
  /** Shift severity s in [0, 1] (0 for pre-training and downstream). */
  readonly severity: number;
  /** c_D: multiplier of the core class signal. */
  readonly coreScale: number;
  /** a_D: multiplier of the class's own style cue. */
  readonly styleScale: number;
  /** b_D: multiplier of the style cue of class perm_D(y). */
  readonly swappedStyleScale: number;
  /** perm_D, K entries (a derangement for shifted domains, the identity otherwise). */
  readonly permutation: Int32Array;
  /** offset_D, d entries. */
  readonly offset: Float64Array;
}

/** The hidden truth of a world's feature distributions. */
export interface SimulatedGeometry {
  readonly classes: number;
  readonly dims: number;
  readonly coreDims: number;
  /** core(y), K x d row-major (zero outside the first coreDims dimensions). */
  readonly core: Float64Array;
  /** style(y), K x d row-major (zero in the first coreDims dimensions). */
  readonly style: Float64Array;
  /** Pre-training, downstream, then the shifted domains in severity order. */
  readonly domains: readonly SimulatedDomain[];
}

/** Name of the i-th shifted domain (0-based): 'shift-a', 'shift-b', ... */
export function shiftedDomainName(index: number): string {
  return `shift-${String.fromCharCode(97 + index)}`;
}

/**
 * Draws a world's geometry from its config. Each part has its own random stream (derived from the seed and the
 * part's name), so e.g. adding a shifted domain leaves every other domain unchanged.
 */
export function createSimulatedGeometry(config: ResolvedSimulatedWorldConfig): SimulatedGeometry {
  const { classes: k, dims: d, coreDims, seed } = config;
  const styleDims = d - coreDims;
  const core = sphereMeans(k, d, 0, coreDims, config.classSeparation, subSeed(seed, 'geometry/core'));
  const style = sphereMeans(k, d, coreDims, styleDims, config.styleSeparation, subSeed(seed, 'geometry/style'));
  const identity = Int32Array.from({ length: k }, (_, j) => j);
  const domains: SimulatedDomain[] = [
    plainDomain('pretraining', 'pretraining', 0, identity, config),
    plainDomain('downstream', 'downstream', 1, identity, config),
  ];
  for (let i = 0; i < config.shiftedDomains; i++) {
    const name = shiftedDomainName(i);
    const severity = (i + 1) / config.shiftedDomains;
    domains.push({
      name,
      kind: 'shifted',
      severity,
      coreScale: 1 - config.shiftCoreLoss * severity,
      styleScale: 1 - severity,
      swappedStyleScale: severity,
      permutation: derangement(k, subSeed(seed, `geometry/permutation/${name}`)),
      offset: offsetVector(d, config.domainOffset, subSeed(seed, `geometry/offset/${name}`)),
    });
  }
  return { classes: k, dims: d, coreDims, core, style, domains };
}

/** The mean of class y in a domain (d entries). */
export function domainClassMean(
  geometry: SimulatedGeometry,
  domain: SimulatedDomain,
  y: number,
  out = new Float64Array(geometry.dims),
): Float64Array {
  const d = geometry.dims;
  const swapped = domain.permutation[y];
  for (let t = 0; t < d; t++) {
    out[t] =
      domain.coreScale * geometry.core[y * d + t] +
      domain.styleScale * geometry.style[y * d + t] +
      domain.swappedStyleScale * geometry.style[swapped * d + t] +
      domain.offset[t];
  }
  return out;
}

function plainDomain(
  name: string,
  kind: SimulatedDomainKind,
  styleScale: number,
  identity: Int32Array,
  config: ResolvedSimulatedWorldConfig,
): SimulatedDomain {
  return {
    name,
    kind,
    severity: 0,
    coreScale: 1,
    styleScale,
    swappedStyleScale: 0,
    permutation: identity,
    offset: offsetVector(config.dims, config.domainOffset, subSeed(config.seed, `geometry/offset/${name}`)),
  };
}

/**
 * K means in random directions within dimensions [from, from + width), each of norm exactly `norm`. Equal norms
 * (class means on a sphere, like CLIP's normalised text embeddings) make no class a priori more typical than
 * another, so a class-wise offset in a trained head's bias can only come from the label frequencies.
 */
function sphereMeans(k: number, d: number, from: number, width: number, norm: number, seed: number): Float64Array {
  const out = new Float64Array(k * d);
  if (width === 0) return out;
  const random = createRandom(seed);
  for (let y = 0; y < k; y++) {
    const mean = out.subarray(y * d + from, y * d + from + width);
    let norm2 = 0;
    for (let t = 0; t < width; t++) {
      mean[t] = random.normal();
      norm2 += mean[t] * mean[t];
    }
    const scale = norm / Math.sqrt(norm2);
    for (let t = 0; t < width; t++) mean[t] *= scale;
  }
  return out;
}

function offsetVector(d: number, norm: number, seed: number): Float64Array {
  const random = createRandom(seed);
  const scale = norm / Math.sqrt(d);
  return Float64Array.from({ length: d }, () => scale * random.normal());
}

/** A random permutation with no fixed point: classes in a random cycle, each mapped to the next. */
function derangement(k: number, seed: number): Int32Array {
  const order = permutation(k, createRandom(seed));
  const out = new Int32Array(k);
  for (let i = 0; i < k; i++) out[order[i]] = order[(i + 1) % k];
  return out;
}
