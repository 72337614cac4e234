import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ConfigError } from './config-error.js';

/**
 * Reads and parses a YAML file, unvalidated.
 * @param name how messages name the file; default `file`.
 * @throws ConfigError `<name>: file not found` or `<name>: not valid YAML (<first line of the parser's message>)`.
 */
export function readYamlFile(file: string, name = file): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`${name}: file not found`);
  }
  try {
    return parse(text);
  } catch (error) {
    throw new ConfigError(`${name}: not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
}
