import { readFile } from 'node:fs/promises';
import { DatasetError } from '../loaders/dataset-error.js';
import { messages } from '../messages.js';

/**
 * Reads a class list with one `<id> <name>` per line (the name may contain spaces), as ImageNet-LT's
 * `n01440764 tench` and Places-LT's `airfield airfield`. Blank lines are ignored; label = line order.
 * @param file the list
 * @returns ids (e.g. wnids) and names, in label order
 * @throws DatasetError when the file is missing or a line has no name
 */
export async function readClassNamesFile(file: string): Promise<{ ids: string[]; names: string[] }> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new DatasetError(file, messages.fileMissing(file));
  });
  const ids: string[] = [];
  const names: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line.length === 0) return;
    const space = line.search(/\s/);
    if (space <= 0) throw new DatasetError(file, messages.badListLine(file, i + 1, line));
    ids.push(line.slice(0, space));
    names.push(line.slice(space + 1).trim());
  });
  return { ids, names };
}
