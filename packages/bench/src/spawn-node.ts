import { spawnSync } from 'node:child_process';

/**
 * Wall seconds of one spawned `node <args>` (the running Node), waited for to its exit, stdout dropped; `env` is
 * added to this process's environment (e.g. where a preloaded probe writes its figures).
 * @throws Error with the last two lines of its stderr when it fails
 */
export function spawnNodeSeconds(args: string[], cwd: string, env: Record<string, string> = {}): number {
  const start = performance.now();
  const child = spawnSync(process.execPath, args, {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  const elapsed = (performance.now() - start) / 1000;
  if (child.error) throw child.error;
  if (child.status !== 0) {
    const last = (child.stderr ?? '').trim().split('\n').slice(-2).join(' / ');
    throw new Error(`'node ${args.join(' ')}' exited with ${child.signal ?? child.status}: ${last || 'no output'}`);
  }
  return elapsed;
}
