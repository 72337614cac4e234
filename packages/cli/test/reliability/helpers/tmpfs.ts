import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';

/** A folder that cannot be written, or why none could be made here. */
export type Prepared = { dir: string; cleanup: () => void } | { skip: string };

function mount(dir: string, options: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'ignore' });
  } catch {
    // Already gone; nothing else to undo.
  }
}

const isRoot = () => process.getuid?.() === 0;

/**
 * A read-only folder, first filled by `fill`: a tmpfs remounted read-only when running as root (root ignores
 * permission bits, so chmod proves nothing), else a folder with mode 555.
 */
export function readOnlyDir(dir: string, fill: (dir: string) => void = () => {}): Prepared {
  mkdirSync(dir, { recursive: true });
  if (isRoot()) {
    if (!mount(dir, 'size=256k')) return { skip: 'running as root without permission to mount a tmpfs' };
    fill(dir);
    if (!mount(dir, 'remount,ro')) {
      unmount(dir);
      return { skip: 'cannot remount the tmpfs read-only' };
    }
    return { dir, cleanup: () => unmount(dir) };
  }
  fill(dir);
  chmodSync(dir, 0o555);
  return { dir, cleanup: () => chmodSync(dir, 0o755) };
}

/** A tiny tmpfs (64 KiB) to fill up, simulating a full disk; needs root and mount permission. */
export function tinyDisk(dir: string): Prepared {
  mkdirSync(dir, { recursive: true });
  if (!isRoot()) return { skip: 'not root: cannot mount a tmpfs to fill' };
  if (!mount(dir, 'size=64k')) return { skip: 'no permission to mount a tmpfs' };
  return { dir, cleanup: () => unmount(dir) };
}
