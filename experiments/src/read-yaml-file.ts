import { readInputFile } from '@gla/core';
import { parse } from 'yaml';
import { ConfigError } from './config-error.js';

/**
 * Reads and parses a YAML file, unvalidated.
 * @param name how messages name the file; default `file`.
 * @throws ConfigError `<name>: not valid YAML (<first line of the parser's message>)`; InputError (see
 *   `readInputFile`) for a file that cannot be read: not found, a folder, a FIFO with no writer, over 2 GiB.
 */
export function readYamlFile(file: string, name = file): unknown {
  const text = new TextDecoder().decode(readInputFile(file, { name }));
  try {
    return parse(text);
  } catch (error) {
    throw new ConfigError(`${name}: not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
}
