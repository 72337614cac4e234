#!/usr/bin/env node
import { main } from './main.js';

// `pnpm gla ...` runs this from the repository root; pnpm keeps the folder the user typed it in as INIT_CWD.
// Going back there makes relative paths mean what the user meant, exactly as with the `gla` bin on PATH.
if (process.env.npm_lifecycle_event === 'gla' && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);

process.exitCode = await main(process.argv.slice(2));
