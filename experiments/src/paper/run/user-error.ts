/**
 * Whether an error is a problem with the user's inputs (a config, a file, a dataset, a model) whose one-line
 * message should be shown as is, rather than a bug. Matched by name: the errors come from several packages.
 */
export function isUserError(error: unknown): error is Error {
  const name = (error as Error | undefined)?.name;
  return [
    'ConfigError',
    'PipelineError',
    'MissingInputError',
    'DatasetError',
    'ModelError',
    'ImageError',
    'InputError',
  ].includes(name ?? '');
}
