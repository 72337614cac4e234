import { UserError } from '@gla/core';

/** Thrown for an invalid config; the message is one line naming the file and the key path. */
export class ConfigError extends UserError {
  override name = 'ConfigError';
}
