#!/usr/bin/env node
// Checks the import graph of the workspace's sources (src/ of every package and of experiments/):
// 1. no import cycle between files (relative imports, `import type` included: a cycle of types is still a knot);
// 2. packages depend one way: cli -> experiments -> report / models / datasets -> core (and bench on any but cli);
// 3. no package imports another package's internals (only `@gla/<name>` and the subpaths its package.json exports,
//    never `@gla/<name>/src/...`).
// Prints every problem found and exits 1, or prints a one-line summary and exits 0. No dependencies.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const packageDirs = [
  ...readdirSync(join(root, 'packages')).map((d) => join(root, 'packages', d)),
  join(root, 'experiments'),
].filter((d) => existsSync(join(d, 'package.json')) && existsSync(join(d, 'src')));

/** Which workspace packages each may import (by short name). */
const allowed = {
  core: [],
  datasets: ['core'],
  models: ['core'],
  report: ['core'],
  experiments: ['core', 'datasets', 'models', 'report'],
  bench: ['core', 'datasets', 'models', 'report', 'experiments'],
  cli: ['core', 'datasets', 'models', 'report', 'experiments', 'bench'],
};

const problems = [];
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(path);
  }
};
const packageOf = new Map();
/** Subpaths each package declares public in its `exports` map (e.g. `./parallel-pool`), by short name. */
const exported = new Map();
for (const dir of packageDirs) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const name = manifest.name.replace(/^@gla\//, '');
  exported.set(name, new Set(Object.keys(manifest.exports ?? {}).filter((k) => k !== '.')));
  const before = files.length;
  walk(join(dir, 'src'));
  for (const f of files.slice(before)) packageOf.set(f, name);
}

const importPattern = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const edges = new Map();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const out = [];
  for (const m of text.matchAll(importPattern)) {
    const spec = m[1] ?? m[2];
    if (spec.startsWith('.')) {
      const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
      if (existsSync(target)) out.push(target);
      else if (existsSync(join(target, 'index.ts'))) out.push(join(target, 'index.ts'));
    } else if (spec.startsWith('@gla/')) {
      const [, pkg, ...rest] = spec.split('/');
      const from = packageOf.get(file);
      if (rest.length > 0 && !exported.get(pkg)?.has(`./${rest.join('/')}`))
        problems.push(`${relative(root, file)}: imports another package's internals (${spec})`);
      if (pkg !== from && !(allowed[from] ?? []).includes(pkg))
        problems.push(`${relative(root, file)}: ${from} may not depend on ${pkg} (${spec})`);
    }
  }
  edges.set(file, out);
}

// Cycles: depth-first search with colours; each cycle is reported once, by its smallest member.
const colour = new Map();
const stack = [];
const seen = new Set();
const visit = (file) => {
  colour.set(file, 'grey');
  stack.push(file);
  for (const next of edges.get(file) ?? []) {
    if (colour.get(next) === 'grey') {
      const cycle = stack.slice(stack.indexOf(next)).map((f) => relative(root, f));
      const key = [...cycle].sort().join(' ');
      if (!seen.has(key)) {
        seen.add(key);
        problems.push(`import cycle: ${[...cycle, cycle[0]].join(' -> ')}`);
      }
    } else if (!colour.has(next)) visit(next);
  }
  stack.pop();
  colour.set(file, 'black');
};
for (const file of files) if (!colour.has(file)) visit(file);

if (problems.length > 0) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
console.log(`imports: ${files.length} files in ${packageDirs.length} packages, no cycle, dependencies point one way`);
