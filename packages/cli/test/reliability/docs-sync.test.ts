import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AREAS, renderCatalogue } from './catalogue.js';

const here = dirname(fileURLToPath(import.meta.url));
const DOC = resolve(here, '../../../../docs/reliability.md');

describe('docs/reliability.md', () => {
  it('every catalogue case is declared in its area file, and every declared case is in the catalogue', () => {
    const ids = AREAS.flatMap((a) => a.cases.map((c) => c.id));
    expect(new Set(ids).size, 'case ids are unique').toBe(ids.length);
    for (const area of AREAS) {
      const file = join(here, area.file);
      expect(existsSync(file), area.file).toBe(true);
      const declared = [...readFileSync(file, 'utf8').matchAll(/reliabilityCase\(\s*'([^']+)'/g)].map((m) => m[1]);
      expect(declared.sort(), `${area.file} declares exactly the cases of '${area.title}'`).toEqual(
        area.cases.map((c) => c.id).sort(),
      );
    }
  });

  it('equals the catalogue rendered (GLA_UPDATE_DOCS=1 rewrites it)', () => {
    const rendered = renderCatalogue();
    if (process.env.GLA_UPDATE_DOCS === '1') writeFileSync(DOC, rendered);
    expect(existsSync(DOC), `${DOC} is missing; run with GLA_UPDATE_DOCS=1`).toBe(true);
    expect(readFileSync(DOC, 'utf8'), 'docs/reliability.md is out of date; run with GLA_UPDATE_DOCS=1').toBe(rendered);
  });
});
