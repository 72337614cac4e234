import { isAbsolute, resolve } from 'node:path';

/** Every user-facing message of the `gla` command, one line each. */
export const messages = {
  fileMissing: (file: string) => `${file}: file not found${resolvedNote(file)}`,
  fileUnreadable: (file: string, reason: string) => `${file}: cannot read (${reason})`,
  notMatrix: (file: string, shape: number[]) =>
    `${file}: expected a 2-D logits array (N x K), got shape (${shape.join(', ')})`,
  notFloat: (file: string, dtype: string) => `${file}: logits must be float32 or float64, got ${dtype}`,
  emptyArray: (file: string) => `${file}: empty array`,
  notVector: (file: string, shape: number[]) => `${file}: expected 1-D labels, got shape (${shape.join(', ')})`,
  notInteger: (file: string, dtype: string) =>
    `${file}: labels must be int32 or int64, got ${dtype}${dtype.includes('f') ? ' (float labels are refused, never rounded; save them with y.astype(np.int64))' : ''}`,
  labelsTooLarge: (file: string) => `${file}: int64 labels beyond the int32 range`,
  priorFormat: (file: string) =>
    `${file}: expected a JSON array, or an object with a 'prior' (or 'q') array of numbers, or a 1-D .npy`,
  priorDtype: (file: string, dtype: string) => `${file}: a .npy prior must be float32 or float64, got ${dtype}`,
  priorTemperature: (file: string, value: unknown) =>
    `${file}: temperature must be a finite number > 0, got ${JSON.stringify(value)}`,
  priorJson: (file: string, reason: string) => `${file}: not valid JSON (${reason})`,
  badNumber: (flag: string, value: string) => `${flag}: expected a number, got '${value}'`,
  badAlpha: (value: number) => `--alpha: expected a number in [0, 1], got ${value}`,
  badThreads: (value: string) => `--threads: expected a positive integer, got '${value}'`,
  badFormat: (value: string) => `--format: expected json, md, csv or tex, got '${value}'`,
  badTolerance: (value: number) =>
    `--tolerance: expected a number in (0, 1) (the certificate is below 1 before any step), got ${value}`,
  badSolver: (value: string) => `--solver: expected exact or paper, got '${value}'`,
  outputDir: (file: string, reason: string) => `${file}: cannot write (${reason})`,
  missingClasses: (count: number, first: number[], solver: 'exact' | 'paper') =>
    `note: ${count} class(es) have no sample in the estimation set (${first.join(', ')}${count > first.length ? ', ...' : ''}); they have no finite optimum and ${
      solver === 'exact'
        ? "get the geometric mean of the other classes' q"
        : "keep the q where the paper solver's fixed SGD steps left it (not an estimate)"
    }`,
  priorSummary: (p: {
    solver: string;
    converged: boolean;
    certificate: number;
    passes: number;
    iterations: number;
    temperature: number;
    temperatureRule: string;
    samples: number;
    classes: number;
  }) =>
    `${p.solver} solver: ${p.converged ? 'converged' : 'NOT converged'} (certificate ${p.certificate.toExponential(2)}, ${p.iterations} iterations, ${p.passes} passes); temperature ${p.temperatureRule === 'none' ? 'none (T = 1)' : `${p.temperatureRule} T = ${p.temperature.toPrecision(5)}`}; ${p.samples} samples, ${p.classes} classes`,
  priorRenormalised: (file: string, sum: number) =>
    `note: ${file} sums to ${Number.isFinite(sum) ? sum.toPrecision(6) : 'more than the largest double'}; renormalised to 1 (rescaling q changes no prediction)`,
  classNamesFormat: (file: string) => `${file}: expected a JSON array of class names (strings), in class-index order`,
  wrote: (file: string) => `wrote ${file}`,
  uncertaintySkipped: (classes: number, max: number) =>
    `note: no standard errors for ${classes} classes (the dense sandwich is limited to ${max}); use --bootstrap N`,
  uncertaintyNotFinite: () =>
    'note: no standard errors: the sandwich estimate is not finite at this logit spread (uncertainty left out)',
  exactSolverOnly: (flag: string) => `${flag}: applies to the exact solver; it cannot be used with --solver paper`,
  badCount: (flag: string, value: string) => `${flag}: expected a positive integer, got '${value}'`,
};

/** ` (resolved: /abs/path)` for a relative path, so the user sees where it was looked for; empty otherwise. */
function resolvedNote(file: string): string {
  return isAbsolute(file) ? '' : ` (looked for ${resolve(file)})`;
}
