#!/usr/bin/env node

// `pnpm gla ...` runs this from the repository root; pnpm keeps the folder the user typed it in as INIT_CWD.
// Going back there makes relative paths mean what the user meant, exactly as with the `gla` bin on PATH.
if (process.env.npm_lifecycle_event === 'gla' && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);

const args = process.argv.slice(2);
// Commands that score or solve on worker threads: their workers boot (tens of ms) while this thread loads the
// command's modules; the command's own pool takes them over (ParallelPool.prestart). Nothing else pays for it.
if ((args[0] === 'evaluate' || args[0] === 'estimate-prior') && !args.includes('--help') && !args.includes('-h'))
  (await import('@gla/core/parallel-pool')).ParallelPool.prestart();

const { main } = await import('./main.js');
process.exitCode = await main(args);
