// Child process for the reliability tests: runs the demo (gla run on the given configs, then gla report) as
// `gla demo` would, so a test can SIGKILL it mid-way and run it again.
// Usage: node run-demo.mjs <root> <configs JSON>; output in <root>/demo, stage cache in <root>/cache.
// Log lines go to stderr; nothing else is printed.
import { runDemo } from '@gla/experiments';

const [root, configs] = process.argv.slice(2);
await runDemo({
  root,
  out: 'demo',
  cacheDir: 'cache',
  configs: JSON.parse(configs),
  log: (line) => process.stderr.write(`${line}\n`),
});
