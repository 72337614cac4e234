import { CliError } from './cli-error.js';

/** The devices `--device` accepts: onnxruntime execution providers. */
export const DEVICES = ['cpu', 'cuda'] as const;

/**
 * Parses `--device`: `cpu` (onnxruntime's CPU provider) or `cuda` (its CUDA provider; models checks that the
 * provider's binaries are installed before a session opens, README: GPU feature extraction).
 * @throws CliError (one line, exit 2) on any other value
 */
export function parseDevice(value: string): (typeof DEVICES)[number] {
  const device = DEVICES.find((d) => d === value);
  if (!device) throw new CliError(`--device: expected cpu or cuda, got '${value}'`);
  return device;
}
