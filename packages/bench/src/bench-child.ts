/**
 * One benchmark section in its own process (forked by `runBench`), so that its peak memory is its own:
 * argv = section, 'quick' | 'full', scratch folder. Sends `{ log }` lines and one `{ result }` over IPC.
 */
import type { BenchSection } from './bench-types.js';
import { FULL_SIZES, QUICK_SIZES } from './bench-types.js';
import { RssSampler } from './measure.js';
import { runSection } from './bench-sections.js';

const [section, mode, workDir] = process.argv.slice(2);
const send = (message: unknown) =>
  new Promise<void>((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()));
const sampler = new RssSampler();
const quick = mode === 'quick';
const result = await runSection(section as BenchSection, {
  sizes: quick ? QUICK_SIZES : FULL_SIZES,
  quick,
  sampler,
  workDir,
  log: (line) => void send({ log: line }),
});
await send({ result });
await sampler.close();
process.exit(0);
