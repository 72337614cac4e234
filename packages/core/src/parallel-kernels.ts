import { priorHessianBlocks, priorPassBlocks, priorReleaseBlocks } from './prior/prior-block-kernel.js';
import { priorSandwichBlocks } from './prior/prior-sandwich-blocks.js';
import { sandwichDiagonalBlocks } from './prior/sandwich-diagonal-blocks.js';
import { logitSummaryBlocks } from './logit-summary-kernel.js';
import { scoreRowBlocks } from './score-rows-kernel.js';
import { nllMomentsBlocks } from './nll-moments-kernel.js';
import { abtRowParts } from './abt-rows-kernel.js';

/**
 * A kernel processes row blocks [firstBlock, endBlock) and writes each block's results to that block's own
 * slots of shared outputs. `state` is private to the lane and survives between commands.
 */
export type BlockKernel<A> = (args: A, firstBlock: number, endBlock: number, state: Map<string, unknown>) => void;

/** Every kernel a {@link ParallelPool} lane can run, by name (workers import this registry). */
const KERNELS = {
  'prior-pass': priorPassBlocks,
  'prior-hessian': priorHessianBlocks,
  'prior-release': priorReleaseBlocks,
  'score-rows': scoreRowBlocks,
  'logit-summary': logitSummaryBlocks,
  'sandwich-diagonal': sandwichDiagonalBlocks,
  'prior-sandwich': priorSandwichBlocks,
  'nll-moments': nllMomentsBlocks,
  'abt-rows': abtRowParts,
} as const;

export type KernelName = keyof typeof KERNELS;
export type KernelArgs<N extends KernelName> = Parameters<(typeof KERNELS)[N]>[0];

/** Runs kernel `name` on this lane's blocks. */
export function runKernel<N extends KernelName>(
  name: N,
  args: KernelArgs<N>,
  firstBlock: number,
  endBlock: number,
  state: Map<string, unknown>,
): void {
  const kernel = KERNELS[name] as BlockKernel<KernelArgs<N>> | undefined;
  if (!kernel) throw new Error(`unknown parallel kernel '${name}'`);
  kernel(args, firstBlock, endBlock, state);
}
