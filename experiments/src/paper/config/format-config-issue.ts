import type { z } from 'zod';

/**
 * One line for a zod issue: `<key path>: <what was expected>`. Discriminator errors list the accepted values
 * (`models.fineTuned.kind: expected one of onnx|linear-head|logits`) and unknown keys are named with their path.
 */
export function formatConfigIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String);
  const at = (p: string[]) => (p.length > 0 ? p.join('.') : '(top level)');
  if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) {
    return `${at(path)}: expected one of ${(issue.options as unknown[]).map(String).join('|')}`;
  }
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => at([...path, k]));
    return `${keys.join(', ')}: unknown key${keys.length > 1 ? 's' : ''}`;
  }
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `${at(path)}: expected one of ${issue.values.map(String).join('|')}`;
  }
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) return `${at(path)}: required`;
  return `${at(path)}: ${issue.message.replace(/^Invalid input: /, '')}`;
}
