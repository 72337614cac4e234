import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, rmdirSync } from 'node:fs';
import { writeFileAtomicSync } from '@gla/core';
import { basename, dirname, join } from 'node:path';
import { outputError } from '../output-error.js';
import type { FewShotCheckpoint, FewShotRun } from './run-few-shot.js';

/** Bump when the meaning of a checkpointed run changes, so old checkpoints are never reused. */
const FORMAT = 'gla-demo-few-shot-checkpoint/2'; // 2: method ids of the registry

/**
 * Per-(shots, seed) checkpoints of the demo's few-shot runs, so a killed demo resumes where it stopped.
 *
 * They live beside the output folder in `.<out>.checkpoints/<key>/`, where the key hashes everything a run
 * depends on (the config without `out`, and the resolved simulated-world settings): a checkpoint of another
 * config is never read. Each file is written atomically (temp file, fsync, rename), so a kill leaves either a
 * whole checkpoint or none. Numbers round-trip exactly through JSON, so a resumed demo writes byte-identical
 * results. The folder is deleted once the demo's output is in place.
 */
export class FewShotCheckpoints implements FewShotCheckpoint {
  /** Runs taken from disk in this process. */
  resumed = 0;
  /** Checkpoints present but unusable (damaged or for other inputs); recomputed. */
  readonly rejected: string[] = [];

  private constructor(
    readonly dir: string,
    private readonly key: string,
    private readonly outDir: string,
  ) {}

  /**
   * The checkpoint folder of a demo writing to `outDir` with these inputs.
   * @param inputs everything the few-shot runs depend on, as JSON-able data
   */
  static forOutput(outDir: string, inputs: unknown): FewShotCheckpoints {
    const key = createHash('sha256').update(FORMAT).update('\n').update(stableJson(inputs)).digest('hex');
    return new FewShotCheckpoints(
      join(dirname(outDir), `.${basename(outDir)}.checkpoints`, key.slice(0, 16)),
      key,
      outDir,
    );
  }

  private file(shots: number, seed: number): string {
    return join(this.dir, `few-shot-${shots}-shot-seed-${seed}.json`);
  }

  /** A finished run from disk, or undefined (absent, damaged or for other inputs: then it is recomputed). */
  load(shots: number, seed: number): FewShotRun | undefined {
    const path = this.file(shots, seed);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const saved = JSON.parse(text) as { format?: unknown; key?: unknown; run?: FewShotRun };
      const run = saved.run;
      if (
        saved.format !== FORMAT ||
        saved.key !== this.key ||
        !run ||
        run.shots !== shots ||
        run.seed !== seed ||
        !allFinite(run)
      ) {
        this.rejected.push(path);
        return undefined;
      }
      this.resumed++;
      return run;
    } catch {
      this.rejected.push(path);
      return undefined;
    }
  }

  /**
   * Writes a finished run atomically.
   * @throws OutputError naming the output folder when its location cannot be written (a full disk): the run
   *   could not write its results there either, so it stops now rather than after the remaining work.
   */
  save(run: FewShotRun): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileAtomicSync(
        this.file(run.shots, run.seed),
        `${JSON.stringify({ format: FORMAT, key: this.key, run })}\n`,
      );
    } catch (error) {
      throw (error as NodeJS.ErrnoException).code ? outputError(this.outDir, error) : error;
    }
  }

  /** Deletes this key's checkpoints, and the checkpoint folder when nothing else is left in it. */
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
    const parent = dirname(this.dir);
    try {
      if (readdirSync(parent).length === 0) rmdirSync(parent);
    } catch {
      // Absent or shared with a concurrent demo: leave it.
    }
  }
}

/** JSON with object keys sorted, so equal inputs hash equally whatever order their keys were built in. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Every number in a parsed run is finite (JSON turns NaN into null: such a file is not trusted). */
function allFinite(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (value === null) return false;
  if (Array.isArray(value)) return value.every(allFinite);
  if (typeof value === 'object') return Object.values(value as object).every(allFinite);
  return true;
}
