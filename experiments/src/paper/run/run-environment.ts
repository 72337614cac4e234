import { createRequire } from 'node:module';
import { cpus, platform, release, totalmem, arch } from 'node:os';

/** Where a run ran: enough to compare timings and to know which runtime produced the features. */
export interface RunEnvironment {
  node: string;
  platform: string;
  arch: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  onnxruntime: string | null;
  executionProvider: string;
  /** The GLA_* folder variables as set (unset ones are left out). */
  variables: Record<string, string>;
}

/** Collects the run environment; onnxruntime's version is read through @gla/models, which loads it. */
export function runEnvironment(
  executionProvider: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): RunEnvironment {
  let onnxruntime: string | null = null;
  try {
    const require = createRequire(import.meta.resolve('@gla/models'));
    const ort = require('onnxruntime-node') as { env?: { versions?: { node?: string; common?: string } } };
    onnxruntime = ort.env?.versions?.node ?? ort.env?.versions?.common ?? null;
  } catch {
    onnxruntime = null;
  }
  const list = cpus();
  return {
    node: process.version,
    platform: `${platform()} ${release()}`,
    arch: arch(),
    cpuModel: list[0]?.model ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    onnxruntime,
    executionProvider,
    variables: Object.fromEntries(
      Object.entries(env).filter(([k, v]) => k.startsWith('GLA_') && v !== undefined) as [string, string][],
    ),
  };
}
