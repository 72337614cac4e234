import { linearLogits, top1Accuracy, trainLinearHead, typescriptProducts, type MatrixProducts } from '@gla/core';
import { OnnxMatrixProducts } from '@gla/models';
import type { BenchContext } from './bench-context.js';
import { count, seconds } from './bench-context.js';
import type { BenchRow, SectionResult } from './bench-types.js';
import { clipLikeFeatures } from './clip-like-features.js';
import { megabytes, timeRuns, timingOf } from './measure.js';

/** Counts the products a trainer asks for (16 per full-batch evaluation at 16,000 rows: 8 blocks x 2). */
function counted(inner: MatrixProducts): MatrixProducts & { calls: number } {
  const wrapper = {
    calls: 0,
    abt: (...args: Parameters<MatrixProducts['abt']>) => {
      wrapper.calls++;
      inner.abt(...args);
    },
    atb: (...args: Parameters<MatrixProducts['atb']>) => {
      wrapper.calls++;
      inner.atb(...args);
    },
  };
  return wrapper;
}

/**
 * Linear heads: a 16-shot ImageNet head trained to convergence with the project's few-shot recipe (target: 30 s),
 * one SGD epoch over ImageNet-train-sized features (throughput), and the GFLOP/s of the matrix products on
 * onnxruntime and on the TypeScript kernel.
 */
export async function benchHead(context: BenchContext): Promise<SectionResult> {
  const started = performance.now();
  const { classes, shots, dims, runs, epochRows, productRuns } = context.sizes.head;
  const fewShotRows = classes * shots;
  context.log(`head: generating ${count(fewShotRows)} x ${dims} features`);
  const fewShot = clipLikeFeatures({ rows: fewShotRows, classes, dims, seed: 3 });
  const onnx = OnnxMatrixProducts.open();
  const baseRssBytes = context.sampler.reset();
  try {
    // Products alone, at the 16-shot problem's size.
    context.log('head: matrix products');
    const gflop = (2 * fewShotRows * dims * classes) / 1e9;
    const w = new Float64Array(fewShot.zeroShotHead.weights.data);
    const logits = new Float64Array(fewShotRows * classes);
    const grad = new Float64Array(classes * dims);
    const abt = await timeRuns(productRuns, () =>
      onnx.abt(fewShot.features.data, w, fewShotRows, dims, classes, logits),
    );
    const atb = await timeRuns(productRuns, () =>
      onnx.atb(logits, fewShot.features.data, fewShotRows, classes, dims, grad),
    );
    const tsRows = Math.min(fewShotRows, 2048);
    const tsAbt = await timeRuns(1, () =>
      typescriptProducts.abt(fewShot.features.data.subarray(0, tsRows * dims), w, tsRows, dims, classes, logits),
    );

    // The project's few-shot recipe (datasets' fineTuneHead): L-BFGS from the zero-shot head, weight decay 1e-3
    // towards it, default stopping rule (gradient infinity norm <= 1e-6, at most 200 iterations).
    context.log(`head: ${shots}-shot training, ${runs} runs`);
    const products = counted(onnx);
    const training = await timeRuns(runs, () =>
      trainLinearHead(fewShot.features, fewShot.labels, {
        classes,
        init: fewShot.zeroShotHead,
        regularizeTowards: 'init',
        weightDecay: 1e-3,
        products,
      }),
    );
    const trained = training.results[0];
    const evaluations = products.calls / runs / (2 * Math.ceil(fewShotRows / 2048));
    const zeroShotAccuracy = top1Accuracy(
      linearLogits(fewShot.features, fewShot.zeroShotHead, 1, onnx),
      fewShot.labels,
    );
    const trainedAccuracy = top1Accuracy(linearLogits(fewShot.features, trained.head, 1, onnx), fewShot.labels);

    context.log(`head: generating ${count(epochRows)} x ${dims} features for one epoch`);
    const many = clipLikeFeatures({ rows: epochRows, classes, dims, seed: 4 });
    context.log('head: one SGD epoch');
    let epochEnd = 0;
    const epochStart = performance.now();
    const epoch = trainLinearHead(many.features, many.labels, {
      classes,
      init: many.zeroShotHead,
      regularizeTowards: 'init',
      optimizer: 'sgd',
      epochs: 1,
      learningRate: 0.01,
      products: onnx,
      // The last step's callback ends the epoch: the trainer's closing full-loss pass is not part of it.
      onProgress: (step, total) => {
        if (step === total) epochEnd = performance.now();
      },
    });
    const epochSeconds = (epochEnd - epochStart) / 1000;
    const peakRssBytes = context.sampler.peak();

    const rowsOut: BenchRow[] = [
      {
        name: `${shots}-shot head, ${count(fewShotRows)} x ${dims} features, ${count(classes)} classes, L-BFGS to convergence`,
        value: training.timing.median,
        unit: 's',
        timing: training.timing,
        target: { bound: 30, direction: 'at most', unit: 's', text: '<= 30 s to convergence' },
        met: training.timing.median <= 30 && trained.converged,
        notes: [
          `converged ${trained.converged} after ${trained.steps} iterations (~${evaluations.toFixed(0)} loss/gradient evaluations), final loss ${trained.loss.toPrecision(4)}`,
          `recipe: from the zero-shot head, weight decay 1e-3 towards it, gradient inf-norm <= 1e-6; products on onnxruntime`,
          `training-set top-1: zero-shot head ${(100 * zeroShotAccuracy).toFixed(1)} %, trained ${(100 * trainedAccuracy).toFixed(1)} %`,
        ],
      },
      {
        name: `one SGD epoch, ${count(epochRows)} x ${dims} float32 features (batch 256, momentum 0.9, lr 0.01), onnxruntime products`,
        value: epochRows / epochSeconds,
        unit: 'samples/s',
        timing: timingOf([epochSeconds]),
        notes: [
          `epoch ${seconds(epochSeconds)} (1 run); features ${megabytes(many.features.data.byteLength)} as float32`,
          `final full-set loss ${epoch.loss.toPrecision(4)} (closing pass not timed)`,
        ],
      },
      {
        name: `matrix products on onnxruntime (${count(fewShotRows)} x ${dims} by ${count(classes)} x ${dims})`,
        value: gflop / Math.max(abt.timing.median, atb.timing.median),
        unit: 'GFLOP/s',
        notes: [
          `a b^T ${(gflop / abt.timing.median).toFixed(1)} GFLOP/s (${seconds(abt.timing.median)}), a^T b ${(gflop / atb.timing.median).toFixed(1)} GFLOP/s (${seconds(atb.timing.median)}), median of ${productRuns}; headline: the slower of the two`,
          `TypeScript kernel (float64, 1 thread): a b^T ${((2 * tsRows * dims * classes) / 1e9 / tsAbt.timing.median).toFixed(2)} GFLOP/s on ${count(tsRows)} rows`,
          'including float64 <-> float32 conversion and the hand-off to the onnxruntime worker thread',
        ],
      },
    ];
    return {
      section: 'head',
      title: 'Linear head training (target 3)',
      inputs: `unit-norm CLIP-like float32 features (class directions in a shared cone + noise), ${dims} dims, ${count(classes)} classes; a zero-shot head of 100 x perturbed class directions`,
      rows: rowsOut,
      peakRssBytes,
      baseRssBytes,
      wallSeconds: (performance.now() - started) / 1000,
    };
  } finally {
    onnx.close();
  }
}
