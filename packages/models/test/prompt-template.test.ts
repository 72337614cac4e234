import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillTemplate, loadPromptTemplates } from '../src/prompt-template.js';
import { sharedFile } from './helpers/shared-dir.js';
import { tempDir } from './helpers/temp-dir.js';

describe('prompt templates', () => {
  it('fills {} and {c} placeholders, every occurrence', () => {
    expect(fillTemplate('a photo of a {}.', 'tench')).toBe('a photo of a tench.');
    expect(fillTemplate('a {c} next to a {c}', 'kite (bird of prey)')).toBe(
      'a kite (bird of prey) next to a kite (bird of prey)',
    );
    expect(fillTemplate('{}', '$& $1')).toBe('$& $1'); // replacement patterns are not interpreted
    expect(() => fillTemplate('a photo.', 'x')).toThrow(/has no \{\} or \{c\} placeholder/);
  });

  it('loads a plain array or a {"templates": [...]} file and validates placeholders', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a.json'), JSON.stringify(['{} photo', 'the {c}']));
    expect(await loadPromptTemplates(join(dir, 'a.json'))).toEqual(['{} photo', 'the {c}']);
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ templates: ['a photo'] }));
    await expect(loadPromptTemplates(join(dir, 'bad.json'))).rejects.toThrow(/bad\.json: template "a photo" has no/);
    await writeFile(join(dir, 'empty.json'), '{"templates": []}');
    await expect(loadPromptTemplates(join(dir, 'empty.json'))).rejects.toThrow(
      /empty\.json: expected a non-empty array/,
    );
    await expect(loadPromptTemplates(join(dir, 'none.json'))).rejects.toMatchObject({ code: 'FILE_MISSING' });
  });

  const imagenet = sharedFile('reference/imagenet-templates.json');
  if (!imagenet)
    console.warn(
      'skipping ImageNet templates test: shared reference/imagenet-templates.json not found (set GLA_SHARED)',
    );
  it.skipIf(!imagenet)('reads the 80 ImageNet templates of the shared reference', async () => {
    const templates = await loadPromptTemplates(imagenet!);
    expect(templates).toHaveLength(80);
    expect(templates[0]).toBe('a bad photo of a {}.');
  });
});
