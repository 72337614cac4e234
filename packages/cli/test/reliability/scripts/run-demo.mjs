// Child process for the reliability tests: runs the demo on a small simulated world, as `gla demo` would, so a
// test can SIGKILL it mid-way and run it again. Usage: node run-demo.mjs <root> <world JSON> <config JSON>.
// Log lines go to stderr; nothing else is printed.
import { parseDemoConfig, runDemo } from '@gla/experiments';

const [root, world, config] = process.argv.slice(2);
await runDemo(
  parseDemoConfig(JSON.parse(config), 'test config'),
  root,
  (line) => process.stderr.write(`${line}\n`),
  JSON.parse(world),
);
