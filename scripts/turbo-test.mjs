// Runs `turbo run test` with a fingerprint of the shared data folder in the environment. Turbo's cache key only
// sees files inside the repository, so without it a cached "all skipped" result would be replayed after
// ../shared appears (or changes) and the data-dependent tests would never run. turbo.json lists the variable
// under the test task's env, so a different folder gives a different cache key.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const shared = process.env.GLA_SHARED ?? resolve(root, '..', 'shared');

/** Names and sizes two levels deep: cheap (no file is read) and it changes when data is added or removed. */
function fingerprint(dir, depth) {
  if (!existsSync(dir)) return 'absent';
  const parts = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const info = statSync(path, { throwIfNoEntry: false });
    if (!info) continue;
    if (info.isDirectory()) parts.push(`${name}/[${depth > 0 ? fingerprint(path, depth - 1) : ''}]`);
    else parts.push(`${name}:${info.size}`);
  }
  return parts.join(',');
}

let hash = 0n;
for (const ch of `${shared}|${fingerprint(shared, 2)}`) hash = (hash * 131n + BigInt(ch.codePointAt(0))) % (1n << 61n);
const bin = join(root, 'node_modules', '.bin');
const env = {
  ...process.env,
  GLA_SHARED_FINGERPRINT: hash.toString(16),
  PATH: `${bin}${process.platform === 'win32' ? ';' : ':'}${process.env.PATH ?? ''}`,
};
const result = spawnSync('turbo', ['run', 'test', '--concurrency=1', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env,
  shell: process.platform === 'win32',
});
if (result.error) console.error(`cannot run turbo: ${result.error.message}`);
process.exit(result.status ?? 1);
