import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { main } from '../../../src/index.js';

/** The built `gla` entry point, run by the child-process cases. */
export const GLA_BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../../dist/bin.js');

/** Runs `gla` in-process; returns the exit code and the lines it logged (its stderr). */
export async function runGla(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await main(args, (line) => lines.push(line));
  return { code, lines };
}

/** What a child process did. */
export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A started child process and the promise of how it ended. */
export interface StartedChild {
  readonly child: ChildProcess;
  readonly done: Promise<ChildResult>;
}

/**
 * Starts `node <script> ...args` in a child process, killing it after `timeoutMs` (so a hung child cannot hang
 * the suite). Progress bars are off so stderr holds only messages.
 */
export function startNode(
  script: string,
  args: string[],
  options: { timeoutMs?: number; cwd?: string; env?: Record<string, string> } = {},
): StartedChild {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: options.cwd,
    env: { ...process.env, GLA_NO_PROGRESS: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const done = new Promise<ChildResult>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

/** Runs `node <script> ...args` to the end (see {@link startNode}). */
export function runNode(
  script: string,
  args: string[],
  options: { timeoutMs?: number; cwd?: string; env?: Record<string, string> } = {},
): Promise<ChildResult> {
  return startNode(script, args, options).done;
}

/** Resolves once `condition()` holds, checking every few milliseconds; rejects after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
}

/** Runs the built `gla` in a child process. */
export function runGlaProcess(args: string[], timeoutMs = 30_000): Promise<ChildResult> {
  return runNode(GLA_BIN, args, { timeoutMs });
}

/**
 * Asserts the contract for bad input: exit code 2, exactly one line starting `gla: `, naming `file` and matching
 * `problem`; none of `outputs` exists, and their folders hold no temporary leftovers.
 */
export function expectCleanFailure(
  result: { code: number; lines: string[] },
  file: string,
  problem: RegExp,
  outputs: string[] = [],
): void {
  expect(result.lines, result.lines.join('\n')).toHaveLength(1);
  const line = result.lines[0];
  expect(result.code, line).toBe(2);
  expect(line.startsWith('gla: '), line).toBe(true);
  expect(line, 'names the file').toContain(file);
  expect(line).toMatch(problem);
  expect(line).not.toContain('\n');
  for (const out of outputs) {
    expect(existsSync(out), `${out} must not exist`).toBe(false);
    expectNoTempFiles(dirname(out));
  }
}

/** No temporary file (ours are `*.tmp`, `*.tmp-*`, `.staging-`) is left in `dir`. */
export function expectNoTempFiles(dir: string): void {
  if (!existsSync(dir)) return;
  const leftovers = readdirSync(dir).filter((name) => /\.tmp($|-)|\.staging-/.test(name));
  expect(leftovers, `temporary files left in ${basename(dir)}`).toEqual([]);
}
