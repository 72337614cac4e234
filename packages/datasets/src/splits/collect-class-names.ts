import { DatasetError } from '../loaders/dataset-error.js';
import { messages } from '../messages.js';

/**
 * Class names in label order from (label, name) pairs as split files carry them. Every label must be an
 * integer >= 0, carry one name throughout, and every label from 0 to the largest must occur.
 * @param pairs labels with their names
 * @param source the file they came from, named in messages
 * @throws DatasetError on a bad label, a label with two names, or a gap in the labels
 */
export function collectClassNames(pairs: Iterable<{ label: number; className: string }>, source: string): string[] {
  const names: (string | undefined)[] = [];
  for (const { label, className } of pairs) {
    if (!Number.isInteger(label) || label < 0) throw new DatasetError(source, messages.badLabel(source, label));
    const known = names[label];
    if (known === undefined) names[label] = className;
    else if (known !== className)
      throw new DatasetError(source, messages.labelTwoNames(source, label, known, className));
  }
  for (let j = 0; j < names.length; j++) {
    if (names[j] === undefined) throw new DatasetError(source, messages.labelGap(source, j, names.length));
  }
  return names as string[];
}
